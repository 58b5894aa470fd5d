namespace Bittensor.Identity;

/// <summary>
/// The first handshake message, from the initiator: a fresh X25519 public key, signed (Ed25519) by the
/// initiator's hotkey together with both hotkeys and a nonce from the initiator's request counter.
/// </summary>
/// <param name="Sender">The initiator's hotkey.</param>
/// <param name="Receiver">The responder's hotkey.</param>
/// <param name="Nonce">Strictly increasing per sender (checked by the responder's <see cref="NonceGuard"/>).</param>
/// <param name="EphemeralPublicKey">The initiator's one-time X25519 public key (32 bytes).</param>
/// <param name="Signature">The initiator's Ed25519 signature (64 bytes).</param>
public sealed record HandshakeOffer(Address Sender, Address Receiver, ulong Nonce, byte[] EphemeralPublicKey, byte[] Signature);
