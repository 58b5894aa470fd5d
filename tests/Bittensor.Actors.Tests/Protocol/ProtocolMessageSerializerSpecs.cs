using System.Diagnostics;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Protocol;
using Bittensor.Protocol.Serialization;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Protocol;

/// <summary>
/// The protocol's serializer: every <see cref="IProtocolMessage"/> type (found by reflection, so a new message
/// type without serialization fails here) round-trips through it and through Akka's binding from the shipped
/// HOCON, and random or mutated frames of any manifest are refused with <see cref="SerializationException"/> only.
/// </summary>
public sealed class ProtocolMessageSerializerSpecs : IDisposable
{
    private const int FuzzCasesPerManifest = 2_000;

    private readonly ActorSystem _system;
    private readonly ProtocolMessageSerializer _serializer;

    public ProtocolMessageSerializerSpecs()
    {
        // The shipped HOCON: its serializer binding is what is under test. serialize-messages makes local sends go
        // through serialization too, as they would between nodes.
        var config = ConfigurationFactory.ParseString("akka.actor.serialize-messages = on")
            .WithFallback(ProtocolConfig.Serialization());
        _system = ActorSystem.Create("protocol-serializer-specs", config);
        _serializer = new ProtocolMessageSerializer((ExtendedActorSystem)_system);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> MessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in ProtocolMessageTypes()) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_message_type_should_round_trip_when_serialized_directly_and_through_akkas_binding(string typeName)
    {
        var type = ProtocolMessageTypes().Single(t => t.Name == typeName);
        var random = new Random(typeName.Length * 31 + typeName[0]);
        for (var sample = 0; sample < 50; sample++)
        {
            var message = CreateSample(type, random);

            var bound = _system.Serialization.FindSerializerFor(message);
            Assert.IsType<ProtocolMessageSerializer>(bound);
            Assert.Equal(ProtocolMessageSerializer.Id, bound.Identifier);

            var manifest = _serializer.Manifest(message);
            Assert.StartsWith("protocol.", manifest, StringComparison.Ordinal);
            var bytes = _serializer.ToBinary(message);
            var back = _serializer.FromBinary(bytes, manifest);
            Assert.IsType(type, back);
            AssertSameMessage(message, back);
            Assert.Equal(bytes, _serializer.ToBinary(back));

            // Through the extension, as Akka.Remote does: serializer id and manifest from the binding.
            var viaAkka = _system.Serialization.Deserialize(
                _system.Serialization.Serialize(message), ProtocolMessageSerializer.Id, manifest);
            Assert.IsType(type, viaAkka);
            AssertSameMessage(message, viaAkka);
        }
    }

    [Fact]
    public async Task An_actor_should_receive_equal_messages_when_every_send_is_serialized()
    {
        var echo = _system.ActorOf(Props.Create(() => new EchoActor()));
        var random = new Random(11);
        foreach (var type in ProtocolMessageTypes())
        {
            var message = CreateSample(type, random);
            var reply = await echo.Ask<object>(message, TimeSpan.FromSeconds(5));
            Assert.NotSame(message, reply); // serialize-messages = on: a copy came back
            AssertSameMessage(message, reply);
        }
    }

    [Fact]
    public void Manifests_should_be_distinct_and_one_per_message_type_when_listed()
    {
        var random = new Random(7);
        var manifests = ProtocolMessageTypes().Select(t => _serializer.Manifest(CreateSample(t, random))).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            manifests.Order(StringComparer.Ordinal),
            ProtocolMessageSerializer.Manifests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromBinary_should_throw_SerializationException_when_the_manifest_is_unknown()
    {
        var bytes = _serializer.ToBinary(new BackwardResponse(ReturnCode.Success, ""));
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "protocol.no-such-message"));
        Assert.Contains("protocol.no-such-message", error.Message, StringComparison.Ordinal);
        Assert.Throws<SerializationException>(
            () => _serializer.FromBinary(bytes, "Bittensor.Protocol.BackwardResponse, Bittensor.Actors"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, ""));
    }

    [Fact]
    public void ToBinary_should_throw_SerializationException_when_the_object_is_not_a_protocol_message()
    {
        Assert.Throws<SerializationException>(() => _serializer.ToBinary("not a message"));
        Assert.Throws<SerializationException>(() => _serializer.Manifest(42));
    }

    [Fact]
    public void FromBinary_should_throw_SerializationException_when_the_tensor_is_invalid()
    {
        var random = new Random(3);
        var valid = new ForwardResponse(ReturnCode.Success, "", TensorPayload.Create(TensorDType.Bool, [2], [0, 1]));
        var bytes = _serializer.ToBinary(valid);
        Assert.Equal(valid.Outputs, ((ForwardResponse)_serializer.FromBinary(bytes, ProtocolMessageSerializer.ForwardResponseManifest)).Outputs);

        // The two data bytes are the last ones: a bool byte of 2 is invalid.
        var badBool = (byte[])bytes.Clone();
        badBool[^1] = 2;
        var error = Assert.Throws<SerializationException>(
            () => _serializer.FromBinary(badBool, ProtocolMessageSerializer.ForwardResponseManifest));
        Assert.Contains("0x02", error.Message, StringComparison.Ordinal);

        // Trailing bytes, a wrong manifest for the bytes, nothing at all.
        Assert.Throws<SerializationException>(
            () => _serializer.FromBinary([.. bytes, 0x01], ProtocolMessageSerializer.ForwardResponseManifest));
        Assert.Throws<SerializationException>(
            () => _serializer.FromBinary(bytes, ProtocolMessageSerializer.BackwardResponseManifest));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary([], ProtocolMessageSerializer.ForwardRequestManifest));

        // A forward request whose tensor claims more data than it has.
        var request = (ForwardRequest)CreateSample(typeof(ForwardRequest), random) with
        {
            Inputs = TensorPayload.Create(TensorDType.Int64, [1, 2], new byte[16]),
        };
        var requestBytes = _serializer.ToBinary(request);
        Assert.Throws<SerializationException>(
            () => _serializer.FromBinary(requestBytes[..^1], ProtocolMessageSerializer.ForwardRequestManifest));
    }

    [Fact]
    public void Messages_should_refuse_construction_when_a_field_breaks_the_limits()
    {
        var tensor = TensorPayload.Create(TensorDType.Int64, [1], new byte[8]);
        var credential = RandomCredential(new Random(5));
        Assert.Throws<ArgumentException>(
            () => new ForwardResponse(ReturnCode.Success, new string('x', ProtocolLimits.MaxMessageLength + 1), null));
        Assert.Throws<ArgumentException>(
            () => new BackwardResponse(ReturnCode.Success, "") with { Message = new string('x', ProtocolLimits.MaxMessageLength + 1) });
        Assert.Throws<ArgumentException>(() => new ForwardRequest(1, credential, SynapseType.Null, tensor));
        Assert.Throws<ArgumentException>(() => new BackwardRequest(1, credential, (SynapseType)99, tensor, tensor));
        Assert.Throws<ArgumentNullException>(() => new ForwardRequest(1, credential, SynapseType.TextCausalLM, null!));
        Assert.Throws<ArgumentNullException>(() => new HandshakeRequest(null!));
    }

    [Fact]
    public void RemoteConfig_should_allow_frames_larger_than_the_largest_message_when_loaded()
    {
        var config = ProtocolConfig.Remote();
        var frame = config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size");
        Assert.NotNull(frame);
        Assert.True(frame > ProtocolLimits.MaxSerializedLength, $"maximum-frame-size {frame} ≤ {ProtocolLimits.MaxSerializedLength}");
        Assert.Equal(4L * 1024 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.send-buffer-size"));
        Assert.Equal(4L * 1024 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.receive-buffer-size"));
        // The serializer binding comes along.
        Assert.Equal(
            "protocol",
            config.GetString("akka.actor.serialization-bindings.\"Bittensor.Protocol.IProtocolMessage, Bittensor.Actors\""));
    }

    [Fact]
    public void The_largest_message_should_fit_the_serialized_length_limit_when_both_tensors_are_at_the_limit()
    {
        var elements = TensorPayload.MaxByteLength / sizeof(float);
        var big = TensorPayload.Create(TensorDType.Float32, [elements], new byte[TensorPayload.MaxByteLength]);
        var request = new BackwardRequest(ushort.MaxValue, RandomCredential(new Random(9)), SynapseType.TextCausalLMNext, big, big);
        var bytes = _serializer.ToBinary(request);
        Assert.True(bytes.LongLength <= ProtocolLimits.MaxSerializedLength, $"{bytes.LongLength} bytes");
        var back = (BackwardRequest)_serializer.FromBinary(bytes, ProtocolMessageSerializer.BackwardRequestManifest);
        Assert.Equal(big, back.Gradients);
    }

    [Fact]
    public void Shipped_protocol_hocon_should_comment_every_key_when_read()
    {
        foreach (var file in new[] { "protocol-serialization.conf", "remote.conf" })
        {
            var lines = ProtocolConfig.Hocon(file).Split('\n').Select(l => l.Trim()).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var isKey = line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal);
                if (isKey)
                {
                    Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"{file}: key '{line}' has no comment above it");
                }
            }
        }
    }

    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var manifest in ProtocolMessageSerializer.Manifests) data.Add(manifest);
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task FromBinary_should_only_ever_throw_SerializationException_when_frames_are_random_or_mutated(string manifest)
    {
        var random = new Random(manifest.Length * 7919 + manifest[^1]);
        var types = ProtocolMessageTypes();
        var valid = types.Select(t => _serializer.ToBinary(CreateSample(t, random))).ToList();
        var own = types.Single(t => _serializer.Manifest(CreateSample(t, new Random(1))) == manifest);
        var cases = Enumerable.Range(0, FuzzCasesPerManifest).Select(k => (k % 5) switch
        {
            0 => RandomBytes(random),
            // Another message's valid encoding (or its mutation) under this manifest.
            1 => random.Next(2) == 0 ? valid[random.Next(valid.Count)] : Mutate(valid[random.Next(valid.Count)], random),
            _ => Mutate(_serializer.ToBinary(CreateSample(own, random)), random),
        }).ToList();

        var failures = new List<string>();
        var decoded = 0;
        var stopwatch = Stopwatch.StartNew();
        // Run off the test thread so a hang fails the test instead of blocking the run.
        var run = Task.Run(() =>
        {
            for (var k = 0; k < cases.Count; k++)
            {
                try
                {
                    var back = _serializer.FromBinary(cases[k], manifest);
                    if (back.GetType() != own) failures.Add($"case {k}: decoded to {back.GetType().Name}");
                    decoded++;
                }
                catch (SerializationException)
                {
                }
                catch (Exception e)
                {
                    failures.Add($"case {k} ({Convert.ToHexString(cases[k])}) threw {e.GetType().Name}: {e.Message}");
                }
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) == run;
        Assert.True(finished, $"{manifest}: fuzzing did not finish within 10 s");
        await run;
        Assert.Empty(failures);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.True(decoded < cases.Count, "every case decoded: the mutations are not reaching the decoder");
    }

    [Fact]
    public void Fuzz_cases_should_number_at_least_ten_thousand_when_summed_over_the_manifests()
    {
        Assert.True(FuzzCasesPerManifest * ProtocolMessageSerializer.Manifests.Count >= 10_000);
    }

    internal static IReadOnlyList<Type> ProtocolMessageTypes() =>
        typeof(IProtocolMessage).Assembly.GetTypes()
            .Where(t => typeof(IProtocolMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>An instance of a message type with random field values; fails for a type it does not know.</summary>
    internal static IProtocolMessage CreateSample(Type type, Random random)
    {
        if (type == typeof(ForwardRequest))
        {
            return new ForwardRequest(RandomNetUid(random), RandomCredential(random), RandomSynapse(random), RandomTensor(random));
        }
        if (type == typeof(ForwardResponse))
        {
            return new ForwardResponse(RandomCode(random), RandomMessage(random), random.Next(3) == 0 ? null : RandomTensor(random));
        }
        if (type == typeof(BackwardRequest))
        {
            return new BackwardRequest(
                RandomNetUid(random), RandomCredential(random), RandomSynapse(random), RandomTensor(random), RandomTensor(random));
        }
        if (type == typeof(BackwardResponse))
        {
            return new BackwardResponse(RandomCode(random), RandomMessage(random));
        }
        if (type == typeof(HandshakeRequest))
        {
            return new HandshakeRequest(new HandshakeOffer(
                RandomAddress(random), RandomAddress(random), RandomNonce(random),
                RandomBytes(random, Handshake.EphemeralKeyLength), RandomBytes(random, Keypair.SignatureLength)));
        }
        if (type == typeof(HandshakeResponse))
        {
            return new HandshakeResponse(new HandshakeAnswer(
                RandomAddress(random), RandomAddress(random), RandomNonce(random),
                RandomBytes(random, Handshake.EphemeralKeyLength), RandomBytes(random, Keypair.SignatureLength)));
        }
        throw new InvalidOperationException(
            $"No sample generator for {type.Name}: extend the specs and ProtocolMessageSerializer for the new message.");
    }

    /// <summary>
    /// Field by field: the re-encoding (which covers every field) is identical, and the fields whose equality is
    /// by reference (byte arrays inside the identity records) are compared by content.
    /// </summary>
    private void AssertSameMessage(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(_serializer.ToBinary(expected), _serializer.ToBinary(actual));
        switch (expected, actual)
        {
            case (ForwardRequest e, ForwardRequest a):
                Assert.Equal(e.NetUid, a.NetUid);
                AssertSameCredential(e.Credential, a.Credential);
                Assert.Equal(e.Synapse, a.Synapse);
                Assert.Equal(e.Inputs, a.Inputs);
                break;
            case (ForwardResponse e, ForwardResponse a):
                Assert.Equal(e, a); // all fields have value equality
                break;
            case (BackwardRequest e, BackwardRequest a):
                Assert.Equal(e.NetUid, a.NetUid);
                AssertSameCredential(e.Credential, a.Credential);
                Assert.Equal(e.Synapse, a.Synapse);
                Assert.Equal(e.Inputs, a.Inputs);
                Assert.Equal(e.Gradients, a.Gradients);
                break;
            case (BackwardResponse e, BackwardResponse a):
                Assert.Equal(e, a);
                break;
            case (HandshakeRequest e, HandshakeRequest a):
                Assert.Equal(e.Offer.Sender, a.Offer.Sender);
                Assert.Equal(e.Offer.Receiver, a.Offer.Receiver);
                Assert.Equal(e.Offer.Nonce, a.Offer.Nonce);
                Assert.Equal(e.Offer.EphemeralPublicKey, a.Offer.EphemeralPublicKey);
                Assert.Equal(e.Offer.Signature, a.Offer.Signature);
                break;
            case (HandshakeResponse e, HandshakeResponse a):
                Assert.Equal(e.Answer.Sender, a.Answer.Sender);
                Assert.Equal(e.Answer.Receiver, a.Answer.Receiver);
                Assert.Equal(e.Answer.OfferNonce, a.Answer.OfferNonce);
                Assert.Equal(e.Answer.EphemeralPublicKey, a.Answer.EphemeralPublicKey);
                Assert.Equal(e.Answer.Signature, a.Answer.Signature);
                break;
            default:
                Assert.Fail($"No field comparison for {expected.GetType().Name}: extend {nameof(AssertSameMessage)}.");
                break;
        }
    }

    private static void AssertSameCredential(RequestCredential expected, RequestCredential actual)
    {
        Assert.Equal(expected.Sender, actual.Sender);
        Assert.Equal(expected.Receiver, actual.Receiver);
        Assert.Equal(expected.Nonce, actual.Nonce);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.Tag, actual.Tag);
    }

    private static ushort RandomNetUid(Random random) => (ushort)random.Next(ushort.MaxValue + 1);

    private static ulong RandomNonce(Random random) =>
        random.Next(3) == 0 ? ulong.MaxValue - (ulong)random.Next(3) : (ulong)random.NextInt64();

    private static SynapseType RandomSynapse(Random random) => (SynapseType)random.Next(1, 5);

    private static ReturnCode RandomCode(Random random) => (ReturnCode)random.Next(0, (int)ReturnCode.Blacklisted + 1);

    private static string RandomMessage(Random random)
    {
        string[] special = ["", "ünïcødé-κλειδί-🔑", new string('x', ProtocolLimits.MaxMessageLength), "timeout after 12.0 s"];
        return random.Next(3) == 0 ? special[random.Next(special.Length)] : $"message-{random.Next()}";
    }

    private static Address RandomAddress(Random random) => Address.FromPublicKey(RandomBytes(random, Keypair.PublicKeyLength));

    private static RequestCredential RandomCredential(Random random)
    {
        var session = random.Next(2) == 0;
        UInt128? sessionId = session ? new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) : null;
        var tag = RandomBytes(random, session ? RequestMac.Length : Keypair.SignatureLength);
        return new RequestCredential(RandomAddress(random), RandomAddress(random), RandomNonce(random), sessionId, tag);
    }

    private static TensorPayload RandomTensor(Random random)
    {
        var dtype = TensorDTypes.All[random.Next(TensorDTypes.All.Count)];
        var shape = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (long)random.Next(0, 5)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var data = RandomBytes(random, checked((int)count * dtype.ElementSize()));
        if (dtype == TensorDType.Bool)
        {
            for (var i = 0; i < data.Length; i++) data[i] &= 1;
        }
        return TensorPayload.Create(dtype, shape, data);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomBytes(Random random) => RandomBytes(random, random.Next(0, 96));

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0: // replace a byte
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0: // flip one bit
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2: // truncate
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 3: // extend with random bytes
                    bytes.AddRange(RandomBytes(random, random.Next(1, 16)));
                    break;
                default: // insert a MessagePack marker somewhere (lengths, nil, big headers)
                    byte[] markers = [0xc0, 0xc4, 0xc5, 0xc6, 0xdc, 0xdd, 0x9f, 0xcf, 0xd3, 0xff, 0x00];
                    bytes.Insert(random.Next(bytes.Count + 1), markers[random.Next(markers.Length)]);
                    break;
            }
        }
        return [.. bytes];
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(message => Sender.Tell(message));
    }
}
