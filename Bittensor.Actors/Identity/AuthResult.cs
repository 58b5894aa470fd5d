namespace Bittensor.Identity;

/// <summary>The outcome of checking a handshake or a request's credential.</summary>
public enum AuthResult
{
    /// <summary>Authentic, addressed to us, and its nonce is fresh.</summary>
    Ok,

    /// <summary>The Ed25519 signature (of a handshake, or of a request in signature mode) does not verify.</summary>
    BadSignature,

    /// <summary>The per-request MAC does not verify under the session key.</summary>
    BadMac,

    /// <summary>The nonce is not greater than the last one accepted from the sender (a replay or a reordering).</summary>
    ReplayedNonce,

    /// <summary>The MAC names a session we do not hold, or one set up with another peer.</summary>
    UnknownSession,

    /// <summary>The message is addressed to another receiver.</summary>
    WrongReceiver,

    /// <summary>A field has the wrong length or is not a valid key.</summary>
    Malformed,
}
