using System.Buffers;
using System.Buffers.Binary;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Protocol;
using Bittensor.Protocol.Serialization;
using MessagePack;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Protocol;

/// <summary>
/// The serializer sizes each frame before writing it (so tensors are copied once); the bytes must stay those of
/// the encoding it replaced, which wrote into a growable buffer and copied it out. The reference below is that
/// encoding, kept here and nowhere else.
/// </summary>
public sealed class ProtocolMessageEncodingSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("protocol-encoding-specs");
    private readonly ProtocolMessageSerializer _serializer;

    public ProtocolMessageEncodingSpecs() => _serializer = new ProtocolMessageSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void ToBinary_should_equal_the_growable_buffer_encoding_when_given_samples_of_every_message_type()
    {
        var random = new Random(4109);
        var types = new[]
        {
            typeof(ForwardRequest), typeof(ForwardResponse), typeof(BackwardRequest), typeof(BackwardResponse),
            typeof(HandshakeRequest), typeof(HandshakeResponse),
        };
        foreach (var type in types)
        {
            for (var sample = 0; sample < 40; sample++)
            {
                var message = ProtocolMessageSerializerSpecs.CreateSample(type, random);
                Assert.Equal(Reference(message), _serializer.ToBinary(message));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(1024 * 1024 + 3)]
    public void ToBinary_should_equal_the_growable_buffer_encoding_when_tensors_straddle_the_bin_header_sizes(int bytes)
    {
        var random = new Random(bytes);
        var data = new byte[bytes];
        random.NextBytes(data);
        for (var i = 0; i < data.Length; i++) data[i] &= 1;
        // Bool: one byte an element, so any byte count is a tensor.
        var tensor = TensorPayload.Create(TensorDType.Bool, [bytes], data);
        var credential = new RequestCredential(
            Address.FromPublicKey(new byte[Keypair.PublicKeyLength]), Address.FromPublicKey(Enumerable.Repeat((byte)7, Keypair.PublicKeyLength).ToArray()),
            42, UInt128.MaxValue, new byte[RequestMac.Length]);
        IProtocolMessage[] messages =
        [
            new ForwardRequest(3, credential, SynapseType.TextLastHiddenState, tensor),
            new ForwardResponse(ReturnCode.Success, "", tensor),
            new ForwardResponse(ReturnCode.Timeout, new string('é', ProtocolLimits.MaxMessageLength), null),
            new BackwardRequest(3, credential with { SessionId = null, Tag = new byte[Keypair.SignatureLength] }, SynapseType.TextLastHiddenState, tensor, tensor),
            new BackwardResponse(ReturnCode.Success, ""),
        ];
        foreach (var message in messages)
        {
            Assert.Equal(Reference(message), _serializer.ToBinary(message));
        }
    }

    private static byte[] Reference(IProtocolMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        switch (message)
        {
            case ForwardRequest m:
                writer.WriteArrayHeader(4);
                writer.Write(m.NetUid);
                WriteCredential(ref writer, m.Credential);
                writer.Write((int)m.Synapse);
                WriteTensor(ref writer, m.Inputs);
                break;
            case ForwardResponse m:
                writer.WriteArrayHeader(3);
                writer.Write((int)m.Code);
                writer.Write(m.Message);
                if (m.Outputs is null) writer.WriteNil();
                else WriteTensor(ref writer, m.Outputs);
                break;
            case BackwardRequest m:
                writer.WriteArrayHeader(5);
                writer.Write(m.NetUid);
                WriteCredential(ref writer, m.Credential);
                writer.Write((int)m.Synapse);
                WriteTensor(ref writer, m.Inputs);
                WriteTensor(ref writer, m.Gradients);
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
                throw new ArgumentException($"No reference encoding for {message.GetType().Name}.", nameof(message));
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTensor(ref MessagePackWriter writer, TensorPayload tensor)
    {
        writer.WriteArrayHeader(3);
        writer.Write((byte)tensor.DType);
        writer.WriteArrayHeader(tensor.Shape.Length);
        foreach (var dimension in tensor.Shape) writer.Write(dimension);
        writer.Write(tensor.Data.Span);
    }

    private static void WriteCredential(ref MessagePackWriter writer, RequestCredential credential)
    {
        writer.WriteArrayHeader(5);
        writer.Write(credential.Sender.PublicKeySpan);
        writer.Write(credential.Receiver.PublicKeySpan);
        writer.Write(credential.Nonce);
        if (credential.SessionId is { } sessionId)
        {
            var id = new byte[16];
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
}
