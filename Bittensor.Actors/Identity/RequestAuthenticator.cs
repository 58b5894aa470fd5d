using System.Collections.Concurrent;

namespace Bittensor.Identity;

/// <summary>
/// The receiving side (what Bittensor's axon does for every call): answers handshakes, keeps one session per peer,
/// and checks each request's <see cref="RequestCredential"/> — addressed to us, authentic (MAC under the session
/// key, or the sender's Ed25519 signature), then the nonce strictly greater than the sender's last
/// (<see cref="NonceGuard"/>). Authenticity is checked before the nonce so forgeries cannot advance it.
/// Thread-safe.
/// </summary>
public sealed class RequestAuthenticator
{
    private readonly ConcurrentDictionary<UInt128, Session> sessions = new();
    private readonly ConcurrentDictionary<Address, UInt128> sessionOfPeer = new();

    /// <summary>Creates the authenticator of <paramref name="self"/> (our hotkey).</summary>
    public RequestAuthenticator(Keypair self, NonceGuard? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        Self = self;
        Nonces = nonces ?? new NonceGuard();
    }

    /// <summary>Our hotkey.</summary>
    public Keypair Self { get; }

    /// <summary>The replay guard (per sender).</summary>
    public NonceGuard Nonces { get; }

    /// <summary>Number of sessions held.</summary>
    public int SessionCount => sessions.Count;

    /// <summary>
    /// Answers a handshake offer: checks receiver, signature and nonce; on <see cref="AuthResult.Ok"/> holds the new
    /// session (replacing an older one with the same peer) and returns the answer to send back.
    /// </summary>
    public AuthResult AcceptHandshake(HandshakeOffer offer, out HandshakeAnswer? answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        answer = null;
        var check = Handshake.CheckOffer(Self.Address, offer);
        if (check != AuthResult.Ok)
        {
            return check;
        }

        if (!Nonces.TryAccept(offer.Sender, offer.Nonce))
        {
            return AuthResult.ReplayedNonce;
        }

        var result = Handshake.Respond(Self, offer, out answer, out var session);
        if (result == AuthResult.Ok)
        {
            Hold(session!);
        }

        return result;
    }

    /// <summary>Holds a session this side initiated (from <see cref="HandshakeInitiation.Complete"/>), so the peer may send on it too.</summary>
    public void Hold(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Local != Self.Address)
        {
            throw new ArgumentException($"The {session} does not belong to {Self.Address}.", nameof(session));
        }

        sessions[session.Id] = session;
        if (sessionOfPeer.TryGetValue(session.Peer, out var old) && old != session.Id)
        {
            sessions.TryRemove(old, out _);
        }

        sessionOfPeer[session.Peer] = session.Id;
    }

    /// <summary>Forgets the session with <paramref name="peer"/>, if any.</summary>
    public bool Forget(Address peer) =>
        sessionOfPeer.TryRemove(peer, out var id) && sessions.TryRemove(id, out _);

    /// <summary>The session held with <paramref name="peer"/>, or null.</summary>
    public Session? SessionWith(Address peer) =>
        sessionOfPeer.TryGetValue(peer, out var id) && sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Checks a request's credential against its <paramref name="body"/>.</summary>
    public AuthResult Verify(RequestCredential credential, ReadOnlySpan<byte> body) =>
        VerifyHash(credential, RequestMac.HashBody(body));

    /// <summary>Checks a request's credential against the SHA-256 <paramref name="bodyHash"/> of its body.</summary>
    public AuthResult VerifyHash(RequestCredential credential, ReadOnlySpan<byte> bodyHash)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.Sender is null || credential.Receiver is null || credential.Tag is null
            || bodyHash.Length != RequestMac.BodyHashLength)
        {
            return AuthResult.Malformed;
        }

        if (credential.Receiver != Self.Address)
        {
            return AuthResult.WrongReceiver;
        }

        if (credential.SessionId is { } id)
        {
            if (!sessions.TryGetValue(id, out var session) || session.Peer != credential.Sender)
            {
                return AuthResult.UnknownSession;
            }

            if (!RequestMac.Verify(session, credential.Sender, credential.Receiver, credential.Nonce, bodyHash, credential.Tag))
            {
                return AuthResult.BadMac;
            }
        }
        else if (!RequestSignature.Verify(credential.Sender, credential.Receiver, credential.Nonce, bodyHash, credential.Tag))
        {
            return AuthResult.BadSignature;
        }

        return Nonces.TryAccept(credential.Sender, credential.Nonce) ? AuthResult.Ok : AuthResult.ReplayedNonce;
    }
}
