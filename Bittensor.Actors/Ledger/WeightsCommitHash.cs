using System.Security.Cryptography;
using System.Text;

namespace Bittensor.Ledger;

/// <summary>
/// The hash a validator commits before revealing its weights: SHA256 over the hotkey, netuid, uids, values, salt
/// and version key in a fixed little-endian layout (<see cref="BinaryWriter"/> writes little-endian on every
/// machine), so that a reveal can be checked against it.
/// </summary>
public static class WeightsCommitHash
{
    public static byte[] Compute(string hotkey, ushort netUid, ReadOnlySpan<ushort> uids, ReadOnlySpan<ushort> values, ReadOnlySpan<ushort> salt, ulong versionKey)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var key = Encoding.UTF8.GetBytes(hotkey);
            writer.Write(key.Length);
            writer.Write(key);
            writer.Write(netUid);
            WriteAll(writer, uids);
            WriteAll(writer, values);
            WriteAll(writer, salt);
            writer.Write(versionKey);
        }
        return SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    private static void WriteAll(BinaryWriter writer, ReadOnlySpan<ushort> items)
    {
        writer.Write(items.Length);
        foreach (var item in items) writer.Write(item);
    }
}
