using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// The per-request MAC of session mode: HMAC-SHA256 under the session key over
/// <c>sender public key (32) ‖ receiver public key (32) ‖ nonce (8, big-endian) ‖ session id (16, big-endian) ‖
/// SHA-256(body) (32)</c>. About a microsecond, against tens for an Ed25519 verification.
/// </summary>
public static class RequestMac
{
    /// <summary>Length of a MAC in bytes.</summary>
    public const int Length = 32;

    /// <summary>Length of a body hash in bytes.</summary>
    public const int BodyHashLength = 32;

    private const int InputLength = 32 + 32 + 8 + 16 + BodyHashLength;

    /// <summary>SHA-256 of a request body.</summary>
    public static byte[] HashBody(ReadOnlySpan<byte> body) => SHA256.HashData(body);

    /// <summary>The MAC of a request from <paramref name="sender"/> to <paramref name="receiver"/> in <paramref name="session"/>.</summary>
    public static byte[] Compute(Session session, Address sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash)
    {
        var mac = new byte[Length];
        Compute(session, sender, receiver, nonce, bodyHash, mac);
        return mac;
    }

    /// <summary>Whether <paramref name="mac"/> is the MAC of the request (constant-time comparison).</summary>
    public static bool Verify(
        Session session, Address sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != Length || bodyHash.Length != BodyHashLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        Compute(session, sender, receiver, nonce, bodyHash, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    private static void Compute(
        Session session, Address sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash, Span<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (bodyHash.Length != BodyHashLength)
        {
            throw new ArgumentException($"A body hash is {BodyHashLength} bytes (SHA-256).", nameof(bodyHash));
        }

        Span<byte> input = stackalloc byte[InputLength];
        sender.PublicKeySpan.CopyTo(input);
        receiver.PublicKeySpan.CopyTo(input[32..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[64..], nonce);
        BinaryPrimitives.WriteUInt128BigEndian(input[72..], session.Id);
        bodyHash.CopyTo(input[88..]);
        HMACSHA256.HashData(session.MacKey, input, mac);
    }
}
