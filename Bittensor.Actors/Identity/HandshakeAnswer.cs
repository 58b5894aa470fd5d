namespace Bittensor.Identity;

/// <summary>
/// The second handshake message, from the responder: its own fresh X25519 public key, signed by the responder's
/// hotkey together with both hotkeys and the offer's nonce and X25519 key (binding the answer to that offer).
/// </summary>
/// <param name="Sender">The responder's hotkey.</param>
/// <param name="Receiver">The initiator's hotkey.</param>
/// <param name="OfferNonce">The nonce of the offer answered.</param>
/// <param name="EphemeralPublicKey">The responder's one-time X25519 public key (32 bytes).</param>
/// <param name="Signature">The responder's Ed25519 signature (64 bytes).</param>
public sealed record HandshakeAnswer(Address Sender, Address Receiver, ulong OfferNonce, byte[] EphemeralPublicKey, byte[] Signature);
