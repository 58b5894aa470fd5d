using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Bittensor.Ledger;

/// <summary>
/// The Nakamoto registration puzzle (bittensor-reference §11.2): <c>seal = SHA256(nonce as 8 bytes little-endian
/// ‖ block hash)</c> is valid when <c>seal (big-endian) × difficulty ≤ 2^256 − 1</c>. Block hashes are the ledger's
/// own, derived from the block number, so that a seal found on one machine checks on every other.
/// </summary>
public static class ProofOfWork
{
    private static readonly BigInteger Limit = (BigInteger.One << 256) - 1;
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("bittensor.net/block/");

    /// <summary>The hash of a block: SHA256 of a fixed domain and the block number.</summary>
    public static byte[] BlockHash(ulong block)
    {
        Span<byte> input = stackalloc byte[Domain.Length + 8];
        Domain.CopyTo(input);
        BinaryPrimitives.WriteUInt64LittleEndian(input[Domain.Length..], block);
        return SHA256.HashData(input);
    }

    public static byte[] Seal(ulong nonce, ReadOnlySpan<byte> blockHash)
    {
        Span<byte> input = stackalloc byte[8 + blockHash.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(input, nonce);
        blockHash.CopyTo(input[8..]);
        return SHA256.HashData(input);
    }

    public static bool MeetsDifficulty(ReadOnlySpan<byte> seal, ulong difficulty) =>
        new BigInteger(seal, isUnsigned: true, isBigEndian: true) * difficulty <= Limit;

    /// <summary>Searches nonces from <paramref name="start"/> until one seals the block (expected ~difficulty tries).</summary>
    public static ulong Solve(ulong block, ulong difficulty, ulong start = 0)
    {
        var blockHash = BlockHash(block);
        for (var nonce = start; ; nonce++)
            if (MeetsDifficulty(Seal(nonce, blockHash), difficulty)) return nonce;
    }
}
