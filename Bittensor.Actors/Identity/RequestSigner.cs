namespace Bittensor.Identity;

/// <summary>
/// The sending side: a hotkey and its request counter. Every handshake offer and request it makes takes the next
/// nonce, so nonces strictly increase per sender across all receivers (a receiver sees an increasing subsequence).
/// Thread-safe; but requests made concurrently on several threads may arrive out of order and the later nonce
/// wins, so send from one thread (one actor) per hotkey.
/// </summary>
public sealed class RequestSigner
{
    private long counter;

    /// <summary>
    /// Creates the signer of <paramref name="hotkey"/>. <paramref name="startAfter"/> is the last nonce already used
    /// (0 for a fresh hotkey; a restarted real node may pass e.g. Unix time in milliseconds, as Bittensor does).
    /// </summary>
    public RequestSigner(Keypair hotkey, ulong startAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(hotkey);
        if (!hotkey.CanSign)
        {
            throw new ArgumentException("A signer needs a hotkey with its private seed.", nameof(hotkey));
        }

        Hotkey = hotkey;
        counter = unchecked((long)startAfter);
    }

    /// <summary>The sender's hotkey.</summary>
    public Keypair Hotkey { get; }

    /// <summary>The sender's address.</summary>
    public Address Address => Hotkey.Address;

    /// <summary>Takes the next nonce.</summary>
    public ulong NextNonce() => unchecked((ulong)Interlocked.Increment(ref counter));

    /// <summary>Starts a handshake with <paramref name="receiver"/>.</summary>
    public HandshakeInitiation BeginHandshake(Address receiver) => Handshake.Begin(Hotkey, receiver, NextNonce());

    /// <summary>A session-mode credential for <paramref name="body"/>, sent to <paramref name="session"/>'s peer.</summary>
    public RequestCredential Seal(Session session, ReadOnlySpan<byte> body) => SealHash(session, RequestMac.HashBody(body));

    /// <summary>A session-mode credential for a body whose SHA-256 is <paramref name="bodyHash"/>.</summary>
    public RequestCredential SealHash(Session session, ReadOnlySpan<byte> bodyHash)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Local != Address)
        {
            throw new ArgumentException($"The {session} is not this signer's ({Address}).", nameof(session));
        }

        var nonce = NextNonce();
        var mac = RequestMac.Compute(session, Address, session.Peer, nonce, bodyHash);
        return new RequestCredential(Address, session.Peer, nonce, session.Id, mac);
    }

    /// <summary>A signature-mode credential for <paramref name="body"/> sent to <paramref name="receiver"/> (no session needed).</summary>
    public RequestCredential Sign(Address receiver, ReadOnlySpan<byte> body) => SignHash(receiver, RequestMac.HashBody(body));

    /// <summary>A signature-mode credential for a body whose SHA-256 is <paramref name="bodyHash"/>.</summary>
    public RequestCredential SignHash(Address receiver, ReadOnlySpan<byte> bodyHash)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var nonce = NextNonce();
        return new RequestCredential(Address, receiver, nonce, null, RequestSignature.Sign(Hotkey, receiver, nonce, bodyHash));
    }
}
