namespace Bittensor.Identity;

/// <summary>
/// What travels with each request to prove who sent it. Two modes:
/// <list type="bullet">
/// <item>session (<see cref="SessionId"/> set): <see cref="Tag"/> is the 32-byte <see cref="RequestMac"/> under the
/// key of a <see cref="Session"/> set up by a signed <see cref="Handshake"/> — about a microsecond to check;</item>
/// <item>signature (<see cref="SessionId"/> null): <see cref="Tag"/> is the sender hotkey's 64-byte Ed25519
/// <see cref="RequestSignature"/> — tens of microseconds to check, no set-up.</item>
/// </list>
/// Both cover (sender, receiver, nonce, SHA-256 of the body).
/// </summary>
/// <param name="Sender">The sender's hotkey address.</param>
/// <param name="Receiver">The receiver's hotkey address.</param>
/// <param name="Nonce">Strictly increasing per sender.</param>
/// <param name="SessionId">The session, or null in signature mode.</param>
/// <param name="Tag">The MAC or the signature.</param>
public sealed record RequestCredential(Address Sender, Address Receiver, ulong Nonce, UInt128? SessionId, byte[] Tag)
{
    /// <summary>Whether the credential is a session MAC (else an Ed25519 signature).</summary>
    public bool IsSessionMac => SessionId.HasValue;
}
