using System.Buffers.Binary;

namespace Bittensor.Identity;

/// <summary>
/// The per-request Ed25519 signature of signature mode (callers without a session): the sender hotkey signs
/// <c>"bittensor-request-v1" ‖ sender public key (32) ‖ receiver public key (32) ‖ nonce (8, big-endian) ‖
/// SHA-256(body) (32)</c>.
/// </summary>
public static class RequestSignature
{
    private static readonly byte[] Domain = "bittensor-request-v1"u8.ToArray();

    /// <summary>The signature by <paramref name="sender"/> of a request to <paramref name="receiver"/>.</summary>
    public static byte[] Sign(Keypair sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash)
    {
        ArgumentNullException.ThrowIfNull(sender);
        Span<byte> payload = stackalloc byte[PayloadLength];
        Write(sender.Address, receiver, nonce, bodyHash, payload);
        return sender.Sign(payload);
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="sender"/>'s signature of the request.</summary>
    public static bool Verify(Address sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash, ReadOnlySpan<byte> signature)
    {
        if (bodyHash.Length != RequestMac.BodyHashLength)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        Write(sender, receiver, nonce, bodyHash, payload);
        return Keypair.Verify(sender.PublicKeySpan, payload, signature);
    }

    private static int PayloadLength => Domain.Length + 32 + 32 + 8 + RequestMac.BodyHashLength;

    private static void Write(Address sender, Address receiver, ulong nonce, ReadOnlySpan<byte> bodyHash, Span<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        if (bodyHash.Length != RequestMac.BodyHashLength)
        {
            throw new ArgumentException($"A body hash is {RequestMac.BodyHashLength} bytes (SHA-256).", nameof(bodyHash));
        }

        Domain.CopyTo(payload);
        var at = Domain.Length;
        sender.PublicKeySpan.CopyTo(payload[at..]);
        receiver.PublicKeySpan.CopyTo(payload[(at + 32)..]);
        BinaryPrimitives.WriteUInt64BigEndian(payload[(at + 64)..], nonce);
        bodyHash.CopyTo(payload[(at + 72)..]);
    }
}
