using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Bittensor.Identity;
using Address = Bittensor.Identity.Address;
using Bittensor.Serialization;
using MessagePack;

namespace Bittensor.Protocol.Serialization;

/// <summary>
/// Serializes every <see cref="IProtocolMessage"/> with MessagePack's low-level writer and reader. Each message is
/// one MessagePack array of its fields in declaration order, under a short stable manifest
/// ("protocol.forward-request", …), never a type name. Layouts:
/// <list type="bullet">
/// <item>tensor: <c>[dtype (uint8, <see cref="TensorDType"/>), shape (array of int64), data (one bin: the raw
/// little-endian row-major element bytes)]</c>;</item>
/// <item>credential: <c>[sender (bin 32, public key), receiver (bin 32), nonce (uint64), session id (nil, or bin 16
/// little-endian), tag (bin 32 with a session, bin 64 without)]</c>;</item>
/// <item>forward request <c>[netuid, credential, synapse, inputs]</c>; forward response <c>[code, message,
/// outputs or nil]</c>; backward request <c>[netuid, credential, synapse, inputs, gradients]</c>; backward response
/// <c>[code, message]</c>; handshake offer / answer <c>[sender (bin 32), receiver (bin 32), nonce, ephemeral key
/// (bin 32), signature (bin 64)]</c>.</item>
/// </list>
/// <see cref="FromBinary"/> is a closed switch over the manifests and checks everything it reads (field counts,
/// key and tag lengths, enum values, message lengths, tensors through <see cref="TensorPayload"/>'s validating
/// factory, no trailing bytes); an unknown manifest or any corruption throws <see cref="SerializationException"/>
/// and nothing else, which Akka.Remote treats as transient (the message is dropped, the association stays).
/// </summary>
/// <remarks>
/// The manifests and layouts are a wire format: never change the layout of an existing manifest; a message whose
/// fields change gets a new manifest ("protocol.forward-request.2") and the old one keeps being read for a while.
/// Bound in HOCON (hocon/protocol-serialization.conf, <see cref="ProtocolConfig.Serialization"/>) to
/// <see cref="IProtocolMessage"/>. A tensor costs one copy on each side: into the output array when written (the
/// frame is sized first, <see cref="MessagePackFrame.Encode{T}"/>), out of Akka's frame into the payload's own
/// array when read (then owned, not copied again).
/// </remarks>
public sealed class ProtocolMessageSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id carried in every Akka.Remote envelope (above Akka's own ids); never change it.</summary>
    public const int Id = 4109;

    public const string ForwardRequestManifest = "protocol.forward-request";
    public const string ForwardResponseManifest = "protocol.forward-response";
    public const string BackwardRequestManifest = "protocol.backward-request";
    public const string BackwardResponseManifest = "protocol.backward-response";
    public const string HandshakeRequestManifest = "protocol.handshake-offer";
    public const string HandshakeResponseManifest = "protocol.handshake-answer";

    /// <summary>Every manifest this serializer reads and writes.</summary>
    public static IReadOnlyList<string> Manifests { get; } =
    [
        ForwardRequestManifest, ForwardResponseManifest, BackwardRequestManifest, BackwardResponseManifest,
        HandshakeRequestManifest, HandshakeResponseManifest,
    ];

    private const int SessionIdLength = 16;

    public ProtocolMessageSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ForwardRequest => ForwardRequestManifest,
        ForwardResponse => ForwardResponseManifest,
        BackwardRequest => BackwardRequestManifest,
        BackwardResponse => BackwardResponseManifest,
        HandshakeRequest => HandshakeRequestManifest,
        HandshakeResponse => HandshakeResponseManifest,
        _ => throw CannotSerialize(o),
    };

    public override byte[] ToBinary(object obj) => obj is IProtocolMessage message
        ? MessagePackFrame.Encode(message, TensorBytes(message), Write)
        : throw CannotSerialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) =>
        MessagePackFrame.Decode<IProtocolMessage>(bytes, manifest, (ref MessagePackReader reader) => manifest switch
        {
            ForwardRequestManifest => ReadForwardRequest(ref reader),
            ForwardResponseManifest => ReadForwardResponse(ref reader),
            BackwardRequestManifest => ReadBackwardRequest(ref reader),
            BackwardResponseManifest => ReadBackwardResponse(ref reader),
            HandshakeRequestManifest => ReadHandshakeRequest(ref reader),
            HandshakeResponseManifest => ReadHandshakeResponse(ref reader),
            _ => throw new SerializationException(
                $"Unknown protocol message manifest '{manifest}'; known: {string.Join(", ", Manifests)}."),
        });

    private static long TensorBytes(IProtocolMessage message) => message switch
    {
        ForwardRequest m => m.Inputs.Data.Length,
        ForwardResponse m => m.Outputs?.Data.Length ?? 0,
        BackwardRequest m => (long)m.Inputs.Data.Length + m.Gradients.Data.Length,
        _ => 0,
    };

    private static SerializationException CannotSerialize(object? o) =>
        new($"{nameof(ProtocolMessageSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}.");

    // ---- writing -------------------------------------------------------------------------------------------

    // Tensor data is the bulk MessagePackFrame.Encode sizes without copying: with bulk false only its bin header is
    // written, and TensorBytes must count exactly the data left out.
    private static void Write(ref MessagePackWriter writer, IProtocolMessage message, bool bulk)
    {
        switch (message)
        {
            case ForwardRequest m:
                writer.WriteArrayHeader(4);
                writer.Write(m.NetUid);
                WriteCredential(ref writer, m.Credential);
                writer.Write((int)m.Synapse);
                WriteTensor(ref writer, m.Inputs, bulk);
                break;
            case ForwardResponse m:
                writer.WriteArrayHeader(3);
                writer.Write((int)m.Code);
                writer.Write(m.Message);
                if (m.Outputs is null) writer.WriteNil();
                else WriteTensor(ref writer, m.Outputs, bulk);
                break;
            case BackwardRequest m:
                writer.WriteArrayHeader(5);
                writer.Write(m.NetUid);
                WriteCredential(ref writer, m.Credential);
                writer.Write((int)m.Synapse);
                WriteTensor(ref writer, m.Inputs, bulk);
                WriteTensor(ref writer, m.Gradients, bulk);
                break;
            case BackwardResponse m:
                writer.WriteArrayHeader(2);
                writer.Write((int)m.Code);
                writer.Write(m.Message);
                break;
            case HandshakeRequest m:
                WriteHandshake(ref writer, m.Offer.Sender, m.Offer.Receiver, m.Offer.Nonce, m.Offer.EphemeralPublicKey, m.Offer.Signature);
                break;
            case HandshakeResponse m:
                WriteHandshake(ref writer, m.Answer.Sender, m.Answer.Receiver, m.Answer.OfferNonce, m.Answer.EphemeralPublicKey, m.Answer.Signature);
                break;
            default:
                throw CannotSerialize(message);
        }
    }

    private static void WriteTensor(ref MessagePackWriter writer, TensorPayload tensor, bool bulk)
    {
        writer.WriteArrayHeader(3);
        writer.Write((byte)tensor.DType);
        writer.WriteArrayHeader(tensor.Shape.Length);
        foreach (var dimension in tensor.Shape) writer.Write(dimension);
        // The same bytes as writer.Write(span): a bin header (bin 8, 16 or 32 by length), then the data.
        writer.WriteBinHeader(tensor.Data.Length);
        if (bulk) writer.WriteRaw(tensor.Data.Span);
    }

    private static void WriteCredential(ref MessagePackWriter writer, RequestCredential credential)
    {
        writer.WriteArrayHeader(5);
        writer.Write(credential.Sender.PublicKeySpan);
        writer.Write(credential.Receiver.PublicKeySpan);
        writer.Write(credential.Nonce);
        if (credential.SessionId is { } sessionId)
        {
            var id = new byte[SessionIdLength];
            BinaryPrimitives.WriteUInt128LittleEndian(id, sessionId);
            writer.Write(id);
        }
        else
        {
            writer.WriteNil();
        }
        writer.Write(credential.Tag.AsSpan());
    }

    private static void WriteHandshake(
        ref MessagePackWriter writer, Address sender, Address receiver, ulong nonce, byte[] ephemeralKey, byte[] signature)
    {
        writer.WriteArrayHeader(5);
        writer.Write(sender.PublicKeySpan);
        writer.Write(receiver.PublicKeySpan);
        writer.Write(nonce);
        writer.Write(ephemeralKey.AsSpan());
        writer.Write(signature.AsSpan());
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private static ForwardRequest ReadForwardRequest(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 4, ForwardRequestManifest);
        return new ForwardRequest(reader.ReadUInt16(), ReadCredential(ref reader), ReadSynapse(ref reader), ReadTensor(ref reader));
    }

    private static ForwardResponse ReadForwardResponse(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, ForwardResponseManifest);
        var code = ReadReturnCode(ref reader);
        var message = ReadMessage(ref reader);
        var outputs = reader.TryReadNil() ? null : ReadTensor(ref reader);
        return new ForwardResponse(code, message, outputs);
    }

    private static BackwardRequest ReadBackwardRequest(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, BackwardRequestManifest);
        return new BackwardRequest(
            reader.ReadUInt16(), ReadCredential(ref reader), ReadSynapse(ref reader), ReadTensor(ref reader), ReadTensor(ref reader));
    }

    private static BackwardResponse ReadBackwardResponse(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, BackwardResponseManifest);
        return new BackwardResponse(ReadReturnCode(ref reader), ReadMessage(ref reader));
    }

    private static HandshakeRequest ReadHandshakeRequest(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, HandshakeRequestManifest);
        return new HandshakeRequest(new HandshakeOffer(
            ReadAddress(ref reader), ReadAddress(ref reader), reader.ReadUInt64(),
            ReadFixedBytes(ref reader, Handshake.EphemeralKeyLength, "ephemeral key"),
            ReadFixedBytes(ref reader, Keypair.SignatureLength, "signature")));
    }

    private static HandshakeResponse ReadHandshakeResponse(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, HandshakeResponseManifest);
        return new HandshakeResponse(new HandshakeAnswer(
            ReadAddress(ref reader), ReadAddress(ref reader), reader.ReadUInt64(),
            ReadFixedBytes(ref reader, Handshake.EphemeralKeyLength, "ephemeral key"),
            ReadFixedBytes(ref reader, Keypair.SignatureLength, "signature")));
    }

    private static RequestCredential ReadCredential(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, "credential");
        var sender = ReadAddress(ref reader);
        var receiver = ReadAddress(ref reader);
        var nonce = reader.ReadUInt64();
        UInt128? sessionId = null;
        if (!reader.TryReadNil())
        {
            Span<byte> id = stackalloc byte[SessionIdLength];
            ReadBin(ref reader, SessionIdLength, "session id").CopyTo(id);
            sessionId = BinaryPrimitives.ReadUInt128LittleEndian(id);
        }
        var tag = sessionId.HasValue
            ? ReadFixedBytes(ref reader, RequestMac.Length, "session MAC")
            : ReadFixedBytes(ref reader, Keypair.SignatureLength, "signature");
        return new RequestCredential(sender, receiver, nonce, sessionId, tag);
    }

    private static TensorPayload ReadTensor(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, "tensor");
        var dtype = (TensorDType)reader.ReadByte();
        var rank = reader.ReadArrayHeader();
        if (rank > TensorPayload.MaxRank)
        {
            throw new SerializationException(
                $"Corrupt tensor: {rank} dimensions; at most {TensorPayload.MaxRank} are allowed.");
        }
        var shape = new long[rank];
        for (var i = 0; i < rank; i++) shape[i] = reader.ReadInt64();

        // Check dtype and shape before touching the data, so the message names the real problem.
        var count = TensorPayload.ValidateShape(dtype, shape);
        var data = reader.ReadBytes()
            ?? throw new SerializationException("Corrupt tensor: the data is nil.");
        var expected = count * dtype.ElementSize();
        if (data.Length != expected)
        {
            throw new SerializationException(
                $"Corrupt tensor: {data.Length} data bytes where shape [{string.Join(", ", shape)}] of {dtype} needs {expected}.");
        }
        // One copy out of Akka's frame into an array the payload then owns (CreateOwned validates, never copies data).
        return TensorPayload.CreateOwned(dtype, shape, data.ToArray());
    }

    private static SynapseType ReadSynapse(ref MessagePackReader reader)
    {
        var value = reader.ReadInt32();
        return value is > (int)SynapseType.Null and <= (int)SynapseType.TextCausalLMNext
            ? (SynapseType)value
            : throw new SerializationException($"Corrupt payload: synapse type {value} is not 1 to 4.");
    }

    private static ReturnCode ReadReturnCode(ref MessagePackReader reader)
    {
        var value = reader.ReadInt32();
        return value is >= (int)ReturnCode.NoReturn and <= (int)ReturnCode.Blacklisted
            ? (ReturnCode)value
            : throw new SerializationException($"Corrupt payload: return code {value} is not 0 to {(int)ReturnCode.Blacklisted}.");
    }

    private static string ReadMessage(ref MessagePackReader reader)
    {
        // A string longer than the bytes left is refused by the reader itself, so this never over-allocates.
        var message = reader.ReadString() ?? throw new SerializationException("Corrupt payload: the message is nil.");
        if (message.Length > ProtocolLimits.MaxMessageLength)
        {
            throw new SerializationException(
                $"Corrupt payload: a message of {message.Length} chars; at most {ProtocolLimits.MaxMessageLength} are allowed.");
        }
        return message;
    }

    private static Address ReadAddress(ref MessagePackReader reader)
    {
        Span<byte> key = stackalloc byte[Keypair.PublicKeyLength];
        ReadBin(ref reader, Keypair.PublicKeyLength, "public key").CopyTo(key);
        return Address.FromPublicKey(key);
    }

    private static byte[] ReadFixedBytes(ref MessagePackReader reader, int length, string what) =>
        ReadBin(ref reader, length, what).ToArray();

    private static ReadOnlySequence<byte> ReadBin(ref MessagePackReader reader, int length, string what)
    {
        var bytes = reader.ReadBytes() ?? throw new SerializationException($"Corrupt payload: the {what} is nil.");
        if (bytes.Length != length)
        {
            throw new SerializationException($"Corrupt payload: a {what} of {bytes.Length} bytes; expected {length}.");
        }
        return bytes;
    }

    private static void ReadHeader(ref MessagePackReader reader, int fields, string what) =>
        MessagePackFrame.ReadHeader(ref reader, fields, what);
}
