namespace Bittensor.Identity;

/// <summary>
/// A session between two hotkeys, set up by a <see cref="Handshake"/>: both ends hold the same 32-byte MAC key
/// and the same <see cref="Id"/> (the first 16 bytes of the handshake transcript hash). Each end has its own
/// <see cref="Session"/> object with <see cref="Local"/> and <see cref="Peer"/> swapped; either end may send.
/// </summary>
public sealed class Session
{
    internal Session(UInt128 id, Address local, Address peer, byte[] macKey)
    {
        Id = id;
        Local = local;
        Peer = peer;
        MacKey = macKey;
    }

    /// <summary>The session's identifier, the same at both ends.</summary>
    public UInt128 Id { get; }

    /// <summary>Our hotkey.</summary>
    public Address Local { get; }

    /// <summary>The other end's hotkey.</summary>
    public Address Peer { get; }

    /// <summary>The HMAC-SHA256 key (secret; never sent).</summary>
    internal byte[] MacKey { get; }

    /// <inheritdoc />
    public override string ToString() => $"session {Id:x32} {Local} ↔ {Peer}";
}
