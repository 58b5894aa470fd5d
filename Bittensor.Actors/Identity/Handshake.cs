using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// The signed per-peer handshake that sets up a <see cref="Session"/>, so that each later request needs only a
/// cheap <see cref="RequestMac"/> instead of an Ed25519 signature (DESIGN.md: authentication must not dominate
/// the cost of a simulated block).
/// <para>
/// 1. The initiator sends a <see cref="HandshakeOffer"/>: a fresh X25519 key e_i, signed by its hotkey over
/// <c>"bittensor-handshake-offer-v1" ‖ initiator pk ‖ responder pk ‖ nonce (8, big-endian) ‖ e_i</c>.
/// 2. The responder checks receiver, signature and nonce, and answers with a <see cref="HandshakeAnswer"/>: a fresh
/// X25519 key e_r, signed by its hotkey over
/// <c>"bittensor-handshake-answer-v1" ‖ responder pk ‖ initiator pk ‖ offer nonce ‖ e_i ‖ e_r</c>.
/// 3. Both compute t = SHA-256(offer payload ‖ offer signature ‖ answer payload ‖ answer signature); the session id
/// is the first 16 bytes of t and the MAC key is HKDF-SHA256(X25519(e_i, e_r), salt t, info
/// "bittensor-session-v1"), 32 bytes. The ephemeral private keys are dropped, so the session key has forward secrecy.
/// </para>
/// </summary>
public static class Handshake
{
    /// <summary>Length of an X25519 public key.</summary>
    public const int EphemeralKeyLength = 32;

    private static readonly byte[] OfferDomain = "bittensor-handshake-offer-v1"u8.ToArray();
    private static readonly byte[] AnswerDomain = "bittensor-handshake-answer-v1"u8.ToArray();
    private static readonly byte[] SessionInfo = "bittensor-session-v1"u8.ToArray();
    private static readonly KeyAgreementAlgorithm Agreement = KeyAgreementAlgorithm.X25519;

    /// <summary>
    /// Starts a handshake from <paramref name="self"/> to <paramref name="receiver"/> with <paramref name="nonce"/>
    /// (take it from the sender's <see cref="RequestSigner"/>). Send <see cref="HandshakeInitiation.Offer"/>, then
    /// complete with the answer.
    /// </summary>
    public static HandshakeInitiation Begin(Keypair self, Address receiver, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(receiver);
        var ephemeral = Key.Create(Agreement);
        var ephemeralPublic = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var payload = OfferPayload(self.Address, receiver, nonce, ephemeralPublic);
        var offer = new HandshakeOffer(self.Address, receiver, nonce, ephemeralPublic, self.Sign(payload));
        return new HandshakeInitiation(self.Address, offer, ephemeral);
    }

    /// <summary>
    /// Checks <paramref name="offer"/> for <paramref name="self"/> (receiver and signature; the nonce is the caller's
    /// business, see <see cref="RequestAuthenticator.AcceptHandshake"/>) and, when it is good, answers it and
    /// returns the responder's session.
    /// </summary>
    public static AuthResult Respond(Keypair self, HandshakeOffer offer, out HandshakeAnswer? answer, out Session? session)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(offer);
        answer = null;
        session = null;
        var check = CheckOffer(self.Address, offer);
        if (check != AuthResult.Ok)
        {
            return check;
        }

        using var ephemeral = Key.Create(Agreement);
        var ephemeralPublic = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var answerPayload = AnswerPayload(self.Address, offer.Sender, offer.Nonce, offer.EphemeralPublicKey, ephemeralPublic);
        var candidate = new HandshakeAnswer(self.Address, offer.Sender, offer.Nonce, ephemeralPublic, self.Sign(answerPayload));
        session = Derive(self.Address, offer.Sender, ephemeral, offer.EphemeralPublicKey, offer, candidate, answerPayload);
        if (session is null)
        {
            return AuthResult.Malformed;
        }

        answer = candidate;
        return AuthResult.Ok;
    }

    /// <summary>Checks an offer's receiver, field lengths and signature (not its nonce).</summary>
    public static AuthResult CheckOffer(Address self, HandshakeOffer offer)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.Sender is null || offer.Receiver is null || offer.EphemeralPublicKey is null || offer.Signature is null
            || offer.EphemeralPublicKey.Length != EphemeralKeyLength)
        {
            return AuthResult.Malformed;
        }

        if (offer.Receiver != self)
        {
            return AuthResult.WrongReceiver;
        }

        var payload = OfferPayload(offer.Sender, offer.Receiver, offer.Nonce, offer.EphemeralPublicKey);
        return Keypair.Verify(offer.Sender.PublicKeySpan, payload, offer.Signature) ? AuthResult.Ok : AuthResult.BadSignature;
    }

    internal static AuthResult Complete(
        Address self, HandshakeOffer offer, Key ephemeral, HandshakeAnswer answer, out Session? session)
    {
        session = null;
        if (answer.Sender is null || answer.Receiver is null || answer.EphemeralPublicKey is null || answer.Signature is null
            || answer.EphemeralPublicKey.Length != EphemeralKeyLength)
        {
            return AuthResult.Malformed;
        }

        if (answer.Receiver != self)
        {
            return AuthResult.WrongReceiver;
        }

        if (answer.Sender != offer.Receiver || answer.OfferNonce != offer.Nonce)
        {
            return AuthResult.UnknownSession;
        }

        var payload = AnswerPayload(answer.Sender, self, offer.Nonce, offer.EphemeralPublicKey, answer.EphemeralPublicKey);
        if (!Keypair.Verify(answer.Sender.PublicKeySpan, payload, answer.Signature))
        {
            return AuthResult.BadSignature;
        }

        session = Derive(self, answer.Sender, ephemeral, answer.EphemeralPublicKey, offer, answer, payload);
        return session is null ? AuthResult.Malformed : AuthResult.Ok;
    }

    private static Session? Derive(
        Address local, Address peer, Key ephemeral, byte[] peerEphemeral, HandshakeOffer offer, HandshakeAnswer answer,
        byte[] answerPayload)
    {
        if (!PublicKey.TryImport(Agreement, peerEphemeral, KeyBlobFormat.RawPublicKey, out var peerKey) || peerKey is null)
        {
            return null;
        }

        using var shared = Agreement.Agree(ephemeral, peerKey);
        if (shared is null)
        {
            return null;
        }

        using var transcript = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        transcript.AppendData(OfferPayload(offer.Sender, offer.Receiver, offer.Nonce, offer.EphemeralPublicKey));
        transcript.AppendData(offer.Signature);
        transcript.AppendData(answerPayload);
        transcript.AppendData(answer.Signature);
        var t = transcript.GetHashAndReset();
        var macKey = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, t, SessionInfo, 32);
        return new Session(BinaryPrimitives.ReadUInt128BigEndian(t), local, peer, macKey);
    }

    private static byte[] OfferPayload(Address sender, Address receiver, ulong nonce, byte[] ephemeral)
    {
        var payload = new byte[OfferDomain.Length + 32 + 32 + 8 + EphemeralKeyLength];
        var at = OfferDomain.Length;
        OfferDomain.CopyTo(payload, 0);
        sender.PublicKeySpan.CopyTo(payload.AsSpan(at));
        receiver.PublicKeySpan.CopyTo(payload.AsSpan(at + 32));
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(at + 64), nonce);
        ephemeral.CopyTo(payload, at + 72);
        return payload;
    }

    private static byte[] AnswerPayload(Address responder, Address initiator, ulong offerNonce, byte[] initiatorEphemeral, byte[] responderEphemeral)
    {
        var payload = new byte[AnswerDomain.Length + 32 + 32 + 8 + (2 * EphemeralKeyLength)];
        var at = AnswerDomain.Length;
        AnswerDomain.CopyTo(payload, 0);
        responder.PublicKeySpan.CopyTo(payload.AsSpan(at));
        initiator.PublicKeySpan.CopyTo(payload.AsSpan(at + 32));
        BinaryPrimitives.WriteUInt64BigEndian(payload.AsSpan(at + 64), offerNonce);
        initiatorEphemeral.CopyTo(payload, at + 72);
        responderEphemeral.CopyTo(payload, at + 72 + EphemeralKeyLength);
        return payload;
    }
}
