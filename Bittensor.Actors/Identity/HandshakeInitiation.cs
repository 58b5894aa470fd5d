using NSec.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// The initiator's half-open handshake: holds the offer sent and the ephemeral X25519 private key until the answer
/// arrives. Complete it once; dispose it if no answer comes.
/// </summary>
public sealed class HandshakeInitiation : IDisposable
{
    private readonly Address self;
    private Key? ephemeral;

    internal HandshakeInitiation(Address self, HandshakeOffer offer, Key ephemeral)
    {
        this.self = self;
        Offer = offer;
        this.ephemeral = ephemeral;
    }

    /// <summary>The offer to send to the responder.</summary>
    public HandshakeOffer Offer { get; }

    /// <summary>
    /// Checks the responder's answer (addressed to us, from the hotkey we offered to, for this offer, signed) and
    /// derives the initiator's session. The ephemeral key is dropped on success.
    /// </summary>
    public AuthResult Complete(HandshakeAnswer answer, out Session? session)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ObjectDisposedException.ThrowIf(ephemeral is null, this);
        var result = Handshake.Complete(self, Offer, ephemeral, answer, out session);
        if (result == AuthResult.Ok)
        {
            Dispose();
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ephemeral?.Dispose();
        ephemeral = null;
    }
}
