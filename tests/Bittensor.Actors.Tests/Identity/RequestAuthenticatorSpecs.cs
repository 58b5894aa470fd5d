using Bittensor.Identity;

namespace Bittensor.Tests.Identity;

public sealed class RequestAuthenticatorSpecs : IDisposable
{
    private static readonly byte[] Body = "forward: tensor[2,3]"u8.ToArray();

    private readonly Keypair validatorKey = Keypair.Generate();
    private readonly Keypair minerKey = Keypair.Generate();
    private readonly Keypair strangerKey = Keypair.Generate();
    private readonly RequestSigner validator;
    private readonly RequestAuthenticator miner;

    public RequestAuthenticatorSpecs()
    {
        validator = new RequestSigner(validatorKey);
        miner = new RequestAuthenticator(minerKey);
    }

    public void Dispose()
    {
        validatorKey.Dispose();
        minerKey.Dispose();
        strangerKey.Dispose();
    }

    private Session Connect(RequestSigner from, RequestAuthenticator to)
    {
        using var initiation = from.BeginHandshake(to.Self.Address);
        Assert.Equal(AuthResult.Ok, to.AcceptHandshake(initiation.Offer, out var answer));
        Assert.Equal(AuthResult.Ok, initiation.Complete(answer!, out var session));
        return session!;
    }

    [Fact]
    public void Handshake_should_give_both_ends_the_same_session_when_signatures_are_good()
    {
        var session = Connect(validator, miner);
        var minerSide = miner.SessionWith(validatorKey.Address);

        Assert.NotNull(minerSide);
        Assert.Equal(session.Id, minerSide.Id);
        Assert.Equal(validatorKey.Address, session.Local);
        Assert.Equal(minerKey.Address, session.Peer);
        Assert.Equal(validatorKey.Address, minerSide.Peer);
    }

    [Fact]
    public void RequestAuthenticator_should_accept_requests_when_mac_and_nonces_are_good()
    {
        var session = Connect(validator, miner);

        for (var i = 0; i < 5; i++)
        {
            var credential = validator.Seal(session, Body);
            Assert.True(credential.IsSessionMac);
            Assert.Equal(AuthResult.Ok, miner.Verify(credential, Body));
        }
    }

    [Fact]
    public void RequestAuthenticator_should_reject_offer_when_signature_is_forged()
    {
        using var initiation = validator.BeginHandshake(minerKey.Address);
        var forged = initiation.Offer with { Signature = strangerKey.Sign("anything"u8) };

        Assert.Equal(AuthResult.BadSignature, miner.AcceptHandshake(forged, out var answer));
        Assert.Null(answer);
        Assert.Equal(0, miner.SessionCount);
    }

    [Fact]
    public void RequestAuthenticator_should_reject_offer_when_stranger_claims_a_hotkey()
    {
        // The stranger signs its own offer but names the validator as sender.
        using var initiation = Handshake.Begin(strangerKey, minerKey.Address, 1);
        var impersonation = initiation.Offer with { Sender = validatorKey.Address };

        Assert.Equal(AuthResult.BadSignature, miner.AcceptHandshake(impersonation, out _));
    }

    [Fact]
    public void RequestAuthenticator_should_reject_offer_when_ephemeral_key_is_swapped()
    {
        using var initiation = validator.BeginHandshake(minerKey.Address);
        using var attacker = Handshake.Begin(strangerKey, minerKey.Address, 99);
        var swapped = initiation.Offer with { EphemeralPublicKey = attacker.Offer.EphemeralPublicKey };

        Assert.Equal(AuthResult.BadSignature, miner.AcceptHandshake(swapped, out _));
    }

    [Fact]
    public void RequestAuthenticator_should_reject_offer_when_it_is_replayed()
    {
        using var initiation = validator.BeginHandshake(minerKey.Address);

        Assert.Equal(AuthResult.Ok, miner.AcceptHandshake(initiation.Offer, out _));
        Assert.Equal(AuthResult.ReplayedNonce, miner.AcceptHandshake(initiation.Offer, out _));
    }

    [Fact]
    public void RequestAuthenticator_should_reject_offer_when_addressed_to_another_receiver()
    {
        using var initiation = validator.BeginHandshake(strangerKey.Address);

        Assert.Equal(AuthResult.WrongReceiver, miner.AcceptHandshake(initiation.Offer, out _));
    }

    [Fact]
    public void HandshakeInitiation_should_reject_answer_when_signed_by_someone_else()
    {
        using var initiation = validator.BeginHandshake(minerKey.Address);
        Assert.Equal(AuthResult.Ok, miner.AcceptHandshake(initiation.Offer, out var answer));
        var forged = answer! with { Signature = strangerKey.Sign("anything"u8) };

        Assert.Equal(AuthResult.BadSignature, initiation.Complete(forged, out var session));
        Assert.Null(session);
    }

    [Fact]
    public void HandshakeInitiation_should_reject_answer_when_it_answers_another_offer()
    {
        using var first = validator.BeginHandshake(minerKey.Address);
        Assert.Equal(AuthResult.Ok, miner.AcceptHandshake(first.Offer, out var oldAnswer));
        using var second = validator.BeginHandshake(minerKey.Address);

        Assert.NotEqual(AuthResult.Ok, second.Complete(oldAnswer!, out _));
    }

    [Fact]
    public void RequestAuthenticator_should_return_BadMac_when_body_is_tampered()
    {
        var session = Connect(validator, miner);
        var credential = validator.Seal(session, Body);
        var tampered = (byte[])Body.Clone();
        tampered[^1] ^= 1;

        Assert.Equal(AuthResult.BadMac, miner.Verify(credential, tampered));
        Assert.Equal(AuthResult.Ok, miner.Verify(credential, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_BadMac_when_nonce_or_tag_is_altered()
    {
        var session = Connect(validator, miner);
        var credential = validator.Seal(session, Body);
        var tag = (byte[])credential.Tag.Clone();
        tag[0] ^= 1;

        Assert.Equal(AuthResult.BadMac, miner.Verify(credential with { Nonce = credential.Nonce + 100 }, Body));
        Assert.Equal(AuthResult.BadMac, miner.Verify(credential with { Tag = tag }, Body));
        Assert.Equal(AuthResult.BadMac, miner.Verify(credential with { Tag = tag[..16] }, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_ReplayedNonce_when_request_is_replayed()
    {
        var session = Connect(validator, miner);
        var credential = validator.Seal(session, Body);

        Assert.Equal(AuthResult.Ok, miner.Verify(credential, Body));
        Assert.Equal(AuthResult.ReplayedNonce, miner.Verify(credential, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_ReplayedNonce_when_nonce_decreases()
    {
        var session = Connect(validator, miner);
        var earlier = validator.Seal(session, Body);
        var later = validator.Seal(session, Body);

        Assert.Equal(AuthResult.Ok, miner.Verify(later, Body));
        Assert.Equal(AuthResult.ReplayedNonce, miner.Verify(earlier, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_not_advance_nonce_when_request_is_forged()
    {
        var session = Connect(validator, miner);
        var genuine = validator.Seal(session, Body);
        var forged = genuine with { Nonce = ulong.MaxValue, Tag = new byte[RequestMac.Length] };

        Assert.Equal(AuthResult.BadMac, miner.Verify(forged, Body));
        Assert.Equal(AuthResult.Ok, miner.Verify(genuine, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_WrongReceiver_when_request_is_for_another_peer()
    {
        var session = Connect(validator, miner);
        var other = new RequestAuthenticator(strangerKey);
        var credential = validator.Seal(session, Body);

        Assert.Equal(AuthResult.WrongReceiver, other.Verify(credential, Body));
        Assert.Equal(AuthResult.WrongReceiver, miner.Verify(validator.Sign(strangerKey.Address, Body), Body));
    }

    [Fact]
    public void RequestAuthenticator_should_reject_request_when_receiver_field_is_rewritten()
    {
        // A request meant for the stranger, redirected to the miner with its receiver field rewritten:
        // the receiver is covered by the signature (and by the MAC), so it fails.
        var forStranger = validator.Sign(strangerKey.Address, Body);
        var redirected = forStranger with { Receiver = minerKey.Address };

        Assert.Equal(AuthResult.BadSignature, miner.Verify(redirected, Body));

        var session = Connect(validator, miner);
        var sealedForMiner = validator.Seal(session, Body);
        var strangerAuth = new RequestAuthenticator(strangerKey);
        Assert.Equal(AuthResult.UnknownSession, strangerAuth.Verify(sealedForMiner with { Receiver = strangerKey.Address }, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_reject_mac_when_made_in_another_session()
    {
        var stranger = new RequestSigner(strangerKey);
        var strangerSession = Connect(stranger, miner);
        var validatorSession = Connect(validator, miner);

        // The stranger MACs under its own session but claims the validator's session id.
        var strangers = stranger.Seal(strangerSession, Body);
        Assert.Equal(AuthResult.UnknownSession, miner.Verify(strangers with { SessionId = validatorSession.Id }, Body));

        // The stranger claims to be the validator, MACing under its own session key.
        var claimed = strangers with { Sender = validatorKey.Address, SessionId = validatorSession.Id };
        Assert.Equal(AuthResult.BadMac, miner.Verify(claimed, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_UnknownSession_when_session_is_replaced_or_unknown()
    {
        var first = Connect(validator, miner);
        var second = Connect(validator, miner);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(AuthResult.UnknownSession, miner.Verify(validator.Seal(first, Body), Body));
        Assert.Equal(AuthResult.Ok, miner.Verify(validator.Seal(second, Body), Body));

        var fresh = new RequestAuthenticator(minerKey);
        Assert.Equal(AuthResult.UnknownSession, fresh.Verify(validator.Seal(second, Body), Body));
    }

    [Fact]
    public void RequestAuthenticator_should_let_the_responder_send_when_initiator_holds_the_session()
    {
        var validatorAuth = new RequestAuthenticator(validatorKey);
        var minerSigner = new RequestSigner(minerKey);
        var session = Connect(validator, miner);
        validatorAuth.Hold(session);

        var reply = minerSigner.Seal(miner.SessionWith(validatorKey.Address)!, Body);

        Assert.Equal(AuthResult.Ok, validatorAuth.Verify(reply, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_accept_signed_requests_when_no_session_exists()
    {
        var credential = validator.Sign(minerKey.Address, Body);

        Assert.False(credential.IsSessionMac);
        Assert.Equal(Keypair.SignatureLength, credential.Tag.Length);
        Assert.Equal(AuthResult.Ok, miner.Verify(credential, Body));
        Assert.Equal(AuthResult.ReplayedNonce, miner.Verify(credential, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_return_BadSignature_when_signed_request_is_tampered_or_forged()
    {
        var credential = validator.Sign(minerKey.Address, Body);
        var tampered = (byte[])Body.Clone();
        tampered[0] ^= 1;
        var stranger = new RequestSigner(strangerKey);
        var forged = stranger.Sign(minerKey.Address, Body) with { Sender = validatorKey.Address };

        Assert.Equal(AuthResult.BadSignature, miner.Verify(credential, tampered));
        Assert.Equal(AuthResult.BadSignature, miner.Verify(forged, Body));
        Assert.Equal(AuthResult.Ok, miner.Verify(credential, Body));
    }

    [Fact]
    public void RequestAuthenticator_should_share_one_nonce_rule_when_modes_are_mixed()
    {
        var session = Connect(validator, miner);
        var signedEarlier = validator.Sign(minerKey.Address, Body);
        var macLater = validator.Seal(session, Body);

        Assert.Equal(AuthResult.Ok, miner.Verify(macLater, Body));
        Assert.Equal(AuthResult.ReplayedNonce, miner.Verify(signedEarlier, Body));
    }

    [Fact]
    public void RequestMac_should_differ_when_sessions_differ()
    {
        var a = Connect(validator, miner);
        var b = Connect(new RequestSigner(strangerKey), miner);
        var hash = RequestMac.HashBody(Body);

        Assert.NotEqual(
            RequestMac.Compute(a, validatorKey.Address, minerKey.Address, 1, hash),
            RequestMac.Compute(b, validatorKey.Address, minerKey.Address, 1, hash));
    }
}
