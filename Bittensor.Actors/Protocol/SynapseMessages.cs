using Bittensor.Identity;

namespace Bittensor.Protocol;

/// <summary>
/// Marker of every message peers exchange over the protocol (forward, backward, handshake). The whole family is
/// bound in HOCON (hocon/protocol-serialization.conf) to <see cref="Serialization.ProtocolMessageSerializer"/>,
/// so no protocol message ever falls back to Akka's default serializer (which writes type names).
/// </summary>
public interface IProtocolMessage;

/// <summary>
/// What a forward or backward call asks of the callee's model: the synapse types of Bittensor v3
/// (bittensor-reference.md §3.2 <c>SynapseType</c>, §9). The numbers are Bittensor's and the wire encoding: never
/// renumber or reuse one.
/// </summary>
public enum SynapseType
{
    /// <summary>No synapse (Bittensor's <c>NULL_SYNAPSE</c>): never valid in a request.</summary>
    Null = 0,

    /// <summary>The last hidden state: tokens <c>[B,S]</c> (int64) in, hidden states <c>[B,S,1024]</c> out.</summary>
    TextLastHiddenState = 1,

    /// <summary>Causal language model: tokens <c>[B,S]</c> in, top-k probabilities ‖ token ids <c>[B,S,2·topk]</c> out.</summary>
    TextCausalLM = 2,

    /// <summary>Sequence to sequence: prompt tokens <c>[B,S]</c> in, generated token ids <c>[B, ≤ n]</c> out; no backward.</summary>
    TextSeq2Seq = 3,

    /// <summary>Next-token phrases: tokens <c>[B,S]</c> in, the compact 1-D top-k phrase encoding out.</summary>
    TextCausalLMNext = 4,
}

/// <summary>Limits every protocol message keeps, checked when a message is built and again when one is read off the wire.</summary>
public static class ProtocolLimits
{
    /// <summary>The longest <c>Message</c> of a response, in UTF-16 chars (at most 3 × as many UTF-8 bytes on the wire).</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>
    /// The largest serialized protocol message, in bytes: two tensors of <see cref="TensorPayload.MaxByteLength"/>
    /// (a <see cref="BackwardRequest"/> at the limit) plus 1 MiB for every other field and the MessagePack
    /// framing, which take a few kilobytes at most. hocon/remote.conf sets Akka.Remote's frame size above it.
    /// </summary>
    public const long MaxSerializedLength = 2 * TensorPayload.MaxByteLength + 1024 * 1024;

    internal static string CheckMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > MaxMessageLength)
        {
            throw new ArgumentException(
                $"A response message has {message.Length} chars; at most {MaxMessageLength} are allowed.",
                nameof(message));
        }
        return message;
    }

    internal static SynapseType CheckSynapse(SynapseType synapse) =>
        synapse is > SynapseType.Null and <= SynapseType.TextCausalLMNext
            ? synapse
            : throw new ArgumentException(
                $"Synapse type {(int)synapse} is not a request synapse: expected 1 to 4.", nameof(synapse));
}

/// <summary>
/// A forward call (Bittensor's <c>Forward(TensorMessage)</c>, bittensor-reference.md §3.2, §3.4): the caller asks
/// the callee's model to run <see cref="Synapse"/> on <see cref="Inputs"/>.
/// </summary>
/// <param name="NetUid">The subnet the call is made in (the callee must serve on it).</param>
/// <param name="Credential">Proves the sender (session MAC or Ed25519 signature over sender, receiver, nonce and the body hash).</param>
/// <param name="Synapse">What the callee's model is asked to compute; never <see cref="SynapseType.Null"/>.</param>
/// <param name="Inputs">The request tensor, usually token ids <c>[B,S]</c> (int64, batch × sequence length).</param>
public sealed record ForwardRequest(ushort NetUid, RequestCredential Credential, SynapseType Synapse, TensorPayload Inputs)
    : IProtocolMessage
{
    /// <summary>Proves the sender.</summary>
    public RequestCredential Credential { get; init => field = value ?? throw new ArgumentNullException(nameof(Credential)); }
        = Credential ?? throw new ArgumentNullException(nameof(Credential));

    /// <summary>What the callee's model is asked to compute.</summary>
    public SynapseType Synapse { get; init => field = ProtocolLimits.CheckSynapse(value); } = ProtocolLimits.CheckSynapse(Synapse);

    /// <summary>The request tensor.</summary>
    public TensorPayload Inputs { get; init => field = value ?? throw new ArgumentNullException(nameof(Inputs)); }
        = Inputs ?? throw new ArgumentNullException(nameof(Inputs));
}

/// <summary>The callee's answer to a <see cref="ForwardRequest"/>.</summary>
/// <param name="Code">How the call went; <see cref="ReturnCode.Success"/> when <see cref="Outputs"/> holds the result.</param>
/// <param name="Message">A human-readable detail (empty on success), at most <see cref="ProtocolLimits.MaxMessageLength"/> chars.</param>
/// <param name="Outputs">The synapse's output tensor (its shape per synapse: bittensor-reference.md §9), or null when the call failed.</param>
public sealed record ForwardResponse(ReturnCode Code, string Message, TensorPayload? Outputs) : IProtocolMessage
{
    /// <summary>A human-readable detail.</summary>
    public string Message { get; init => field = ProtocolLimits.CheckMessage(value); } = ProtocolLimits.CheckMessage(Message);
}

/// <summary>
/// A backward call (Bittensor's <c>Backward(TensorMessage)</c>): the caller returns the gradients of its loss with
/// respect to the outputs of an earlier forward call, together with that call's inputs, so the callee can train.
/// </summary>
/// <param name="NetUid">The subnet the call is made in.</param>
/// <param name="Credential">Proves the sender, as for <see cref="ForwardRequest"/>.</param>
/// <param name="Synapse">The synapse of the forward call the gradients belong to; never <see cref="SynapseType.Null"/>.</param>
/// <param name="Inputs">The forward call's inputs, as sent then.</param>
/// <param name="Gradients">∂loss/∂output, the shape of the forward call's (encoded) output, usually float32.</param>
public sealed record BackwardRequest(
    ushort NetUid, RequestCredential Credential, SynapseType Synapse, TensorPayload Inputs, TensorPayload Gradients)
    : IProtocolMessage
{
    /// <summary>Proves the sender.</summary>
    public RequestCredential Credential { get; init => field = value ?? throw new ArgumentNullException(nameof(Credential)); }
        = Credential ?? throw new ArgumentNullException(nameof(Credential));

    /// <summary>The synapse of the forward call.</summary>
    public SynapseType Synapse { get; init => field = ProtocolLimits.CheckSynapse(value); } = ProtocolLimits.CheckSynapse(Synapse);

    /// <summary>The forward call's inputs.</summary>
    public TensorPayload Inputs { get; init => field = value ?? throw new ArgumentNullException(nameof(Inputs)); }
        = Inputs ?? throw new ArgumentNullException(nameof(Inputs));

    /// <summary>The gradients.</summary>
    public TensorPayload Gradients { get; init => field = value ?? throw new ArgumentNullException(nameof(Gradients)); }
        = Gradients ?? throw new ArgumentNullException(nameof(Gradients));
}

/// <summary>The callee's answer to a <see cref="BackwardRequest"/>: an acknowledgement, no tensors.</summary>
/// <param name="Code">How the call went; <see cref="ReturnCode.Success"/> when the gradients were accepted.</param>
/// <param name="Message">A human-readable detail (empty on success), at most <see cref="ProtocolLimits.MaxMessageLength"/> chars.</param>
public sealed record BackwardResponse(ReturnCode Code, string Message) : IProtocolMessage
{
    /// <summary>A human-readable detail.</summary>
    public string Message { get; init => field = ProtocolLimits.CheckMessage(value); } = ProtocolLimits.CheckMessage(Message);
}

/// <summary>
/// The first handshake message on the wire: carries the initiator's signed <see cref="HandshakeOffer"/> (its
/// hotkeys as 32-byte public keys, nonce, 32-byte X25519 key, 64-byte signature). Checked by the responder with
/// <see cref="Handshake"/>; the serializer only checks the lengths.
/// </summary>
/// <param name="Offer">The offer.</param>
public sealed record HandshakeRequest(HandshakeOffer Offer) : IProtocolMessage
{
    /// <summary>The offer.</summary>
    public HandshakeOffer Offer { get; init => field = value ?? throw new ArgumentNullException(nameof(Offer)); }
        = Offer ?? throw new ArgumentNullException(nameof(Offer));
}

/// <summary>The second handshake message on the wire: carries the responder's signed <see cref="HandshakeAnswer"/>.</summary>
/// <param name="Answer">The answer.</param>
public sealed record HandshakeResponse(HandshakeAnswer Answer) : IProtocolMessage
{
    /// <summary>The answer.</summary>
    public HandshakeAnswer Answer { get; init => field = value ?? throw new ArgumentNullException(nameof(Answer)); }
        = Answer ?? throw new ArgumentNullException(nameof(Answer));
}
