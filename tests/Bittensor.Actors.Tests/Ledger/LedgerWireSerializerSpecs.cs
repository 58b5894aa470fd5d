using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Bittensor.Ledger.Wire;
using Bittensor.Protocol.Serialization;
using MessagePack;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// The ledger's wire serializer: every <see cref="ILedgerMessage"/> type (found by reflection, so a new message
/// without a sample here fails) is bound to it by the shipped HOCON and round-trips through Akka's serialization
/// extension as Akka.Remote uses it, with realistic values; actor refs resolve back to the same actor; and unknown
/// manifests, corrupt fields and random or mutated frames are refused with <see cref="SerializationException"/> only.
/// </summary>
public sealed class LedgerWireSerializerSpecs : TestKit
{
    private const int FuzzCasesPerManifest = 1_000; // × 16 manifests

    private readonly LedgerWireSerializer _serializer;
    private readonly Samples _samples;

    public LedgerWireSerializerSpecs() : base(LedgerPersistenceConfig.Serialization(), "ledger-wire-specs")
    {
        _serializer = new LedgerWireSerializer((ExtendedActorSystem)Sys);
        _samples = new Samples(CreateTestProbe().Ref);
    }

    public static TheoryData<string> MessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in LedgerMessageTypes()) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_message_type_should_round_trip_through_akkas_serialization_as_remoting_does(string typeName)
    {
        var samples = _samples.All.Where(m => m.GetType().Name == typeName).ToList();
        Assert.NotEmpty(samples); // a new ILedgerMessage needs samples here (and a case in the serializer)
        foreach (var message in samples)
        {
            // What Akka.Remote does: the serializer bound to the type, its manifest, bytes; the receiver picks the
            // serializer by id and hands it bytes and manifest.
            var serializer = Sys.Serialization.FindSerializerFor(message);
            Assert.IsType<LedgerWireSerializer>(serializer);
            var manifest = AkkaSerialization.ManifestFor(serializer, message);
            Assert.StartsWith("ledger.", manifest, StringComparison.Ordinal);
            Assert.Contains(manifest, LedgerWireSerializer.Manifests);
            var bytes = serializer.ToBinary(message);
            var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

            Assert.IsType(message.GetType(), back);
            AssertEquivalent(message, back);
            Assert.Equal(bytes, _serializer.ToBinary(back));
        }
    }

    [Fact]
    public void No_message_of_the_family_should_fall_back_to_another_serializer()
    {
        foreach (var type in LedgerMessageTypes())
        {
            var serializer = Sys.Serialization.FindSerializerForType(type);
            Assert.IsType<LedgerWireSerializer>(serializer);
            Assert.Equal(LedgerWireSerializer.Id, serializer.Identifier);
        }
        int[] ids = [LedgerMessageSerializer.Id, LedgerSnapshotSerializer.Id, ProtocolMessageSerializer.Id, LedgerWireSerializer.Id];
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Manifests_should_be_distinct_and_one_per_message_type()
    {
        var byType = _samples.All.GroupBy(m => m.GetType()).Select(g => _serializer.Manifest(g.First())).ToList();
        Assert.Equal(LedgerMessageTypes().Count, byType.Count);
        Assert.Equal(byType.Order(StringComparer.Ordinal), LedgerWireSerializer.Manifests.Order(StringComparer.Ordinal));
        Assert.Empty(LedgerWireSerializer.Manifests.Intersect(LedgerMessageSerializer.Manifests));
    }

    [Fact]
    public void Command_results_should_carry_the_error_code_and_message_or_the_uid()
    {
        var refused = (CommandResult)RoundTrip(_samples.Refused);
        Assert.False(refused.Outcome.Accepted);
        Assert.Equal(LedgerErrorCode.SubnetNotExists, refused.Outcome.Error!.Code);
        Assert.Equal(_samples.Refused.Outcome.Error!.Message, refused.Outcome.Error.Message);
        Assert.Null(refused.Outcome.Uid);

        var registered = (CommandResult)RoundTrip(_samples.Registered);
        Assert.True(registered.Outcome.Accepted);
        Assert.Equal(_samples.Registered.Outcome.Uid, registered.Outcome.Uid);
        Assert.Equal(_samples.Registered.StateHash, registered.StateHash);
    }

    [Fact]
    public void A_metagraph_should_keep_every_neuron_field_and_its_weights_and_bonds()
    {
        var sent = _samples.FullMetagraph;
        Assert.NotNull(sent.Weights);
        Assert.Contains(sent.Weights, row => row.Length > 0);
        Assert.Contains(sent.Bonds!, row => row.Length > 0);
        Assert.Contains(sent.Neurons, n => n.AxonIp is not null);
        Assert.Contains(sent.Neurons, n => n.AxonIp is null);

        var back = ((MetagraphResult)RoundTrip(new MetagraphResult(sent))).Metagraph!;
        Assert.Equal(sent.Neurons, back.Neurons); // MetagraphNeuron is a record of values: every field compared
        AssertSameMetagraph(sent, back);
    }

    [Fact]
    public void Subscribe_should_resolve_to_the_same_actor_ref_which_then_receives()
    {
        var probe = CreateTestProbe();
        var subscribe = (Subscribe)RoundTrip(new Subscribe(probe.Ref));
        var unsubscribe = (Unsubscribe)RoundTrip(new Unsubscribe(probe.Ref));

        Assert.Equal(probe.Ref, subscribe.Subscriber);
        Assert.Equal(probe.Ref, unsubscribe.Subscriber);
        subscribe.Subscriber.Tell(new BlockProduced(7, _samples.StateHash));
        Assert.Equal(7UL, probe.ExpectMsg<BlockProduced>(TimeSpan.FromSeconds(5)).Block);
    }

    [Fact]
    public void An_unknown_manifest_should_throw_a_SerializationException()
    {
        var bytes = _serializer.ToBinary(GetStateHash.Instance);
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "ledger.no-such-message"));
        Assert.Contains("ledger.no-such-message", error.Message, StringComparison.Ordinal);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "Bittensor.Ledger.GetStateHash, Bittensor.Actors"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, LedgerMessageSerializer.AdvanceBlockManifest));
        Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(bytes, LedgerWireSerializer.Id, "ledger.no-such-message"));
    }

    [Fact]
    public void Corrupt_fields_should_each_throw_a_SerializationException_that_names_the_problem()
    {
        // An inner command manifest the command serializer does not know.
        AssertRefused(SubmitCommandFrame("ledger.no-such-command", w => w.WriteArrayHeader(0)), LedgerWireSerializer.SubmitCommandManifest, "ledger.no-such-command");
        // An error code that does not exist, and a state hash that is not one.
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(3);
            w.WriteArrayHeader(2);
            w.WriteArrayHeader(2);
            w.Write(9999);
            w.Write("no");
            w.WriteNil();
            w.Write(1UL);
            w.Write(_samples.StateHash);
        }), LedgerWireSerializer.CommandResultManifest, "9999");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(2);
            w.Write(1UL);
            w.Write("not-a-hash");
        }), LedgerWireSerializer.BlockProducedManifest, "state hash");
        // Negative counters, and an empty actor path.
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(5);
            w.WriteNil();
            w.Write(-1L);
            w.Write(0L);
            w.WriteNil();
            w.Write(0L);
        }), LedgerWireSerializer.PersistenceStatusManifest, "events replayed");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(1);
            w.Write("");
        }), LedgerWireSerializer.SubscribeManifest, "actor path");

        // A metagraph whose neurons are not in uid order, or with a weights row too few.
        var metagraph = _samples.FullMetagraph;
        var swapped = metagraph with { Neurons = [metagraph.Neurons[1], metagraph.Neurons[0], .. metagraph.Neurons.Skip(2)], Weights = null, Bonds = null };
        AssertRefused(_serializer.ToBinary(new MetagraphPublished(swapped)), LedgerWireSerializer.MetagraphPublishedManifest, "carries uid");
        var fewerRows = Frame(w =>
        {
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(5);
            w.Write((ushort)1);
            w.Write(5UL);
            w.WriteArrayHeader(0);
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(0);
            w.WriteNil();
        });
        AssertRefused(fewerRows, LedgerWireSerializer.MetagraphPublishedManifest, "weights rows");
        // Hyperparameters of a subnet without an owner, a value list that is not pairs, an empty name; a balance
        // whose stakes are not pairs, and one for an empty coldkey.
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(4);
            w.Write((ushort)3);
            w.Write(1UL);
            w.WriteNil();
            w.WriteArrayHeader(2);
            w.Write("tempo");
            w.Write("360");
        }), LedgerWireSerializer.HyperparametersResultManifest, "does not exist");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(4);
            w.Write((ushort)3);
            w.Write(1UL);
            w.Write("owner");
            w.WriteArrayHeader(1);
            w.Write("tempo");
        }), LedgerWireSerializer.HyperparametersResultManifest, "(name, value) pairs");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(4);
            w.Write((ushort)3);
            w.Write(1UL);
            w.Write("owner");
            w.WriteArrayHeader(2);
            w.Write("");
            w.Write("360");
        }), LedgerWireSerializer.HyperparametersResultManifest, "hyperparameter name");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(4);
            w.Write("cold");
            w.Write(1UL);
            w.Write(5UL);
            w.WriteArrayHeader(3);
            w.Write("hot");
            w.Write(1UL);
            w.Write("other");
        }), LedgerWireSerializer.BalanceResultManifest, "(hotkey, stake) pairs");
        AssertRefused(Frame(w =>
        {
            w.WriteArrayHeader(1);
            w.Write("");
        }), LedgerWireSerializer.GetBalanceManifest, "balance coldkey");

        // Trailing bytes, an empty frame, a nil where a string belongs.
        AssertRefused([.. _serializer.ToBinary(GetStateHash.Instance), 0x01], LedgerWireSerializer.GetStateHashManifest, "after the value");
        AssertRefused([], LedgerWireSerializer.GetMetagraphManifest, "ledger.get-metagraph");
        AssertRefused([0x92, 0x01, 0xc0], LedgerWireSerializer.StateHashResultManifest, "nil");
    }

    [Fact]
    public void Serializing_what_the_receiver_would_refuse_should_throw_a_SerializationException()
    {
        Assert.Throws<SerializationException>(() => _serializer.ToBinary("not a ledger message"));
        Assert.Throws<SerializationException>(() => _serializer.Manifest(42));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new StateHashResult(1, "short")));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new Subscribe(ActorRefs.Nobody)));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new SubmitCommand(null!)));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new GetBalance("")));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new HyperparametersResult(9, 0, null, [("tempo", "360")])));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new BalanceResult("cold", 0, 0, [("", 1)])));
        var metagraph = _samples.FullMetagraph;
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new MetagraphResult(metagraph with { Bonds = metagraph.Bonds!.Skip(1).ToList() })));
    }

    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var manifest in LedgerWireSerializer.Manifests) data.Add(manifest);
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Random_and_mutated_frames_should_only_ever_throw_SerializationException(string manifest)
    {
        var random = new Random(manifest.Length * 7919 + manifest[^1]);
        var valid = _samples.All.Where(m => _serializer.Manifest(m) == manifest).Select(_serializer.ToBinary).ToList();
        var others = _samples.All.Where(m => _serializer.Manifest(m) != manifest).Select(_serializer.ToBinary).ToList();
        Assert.NotEmpty(valid);
        var expectedType = _serializer.FromBinary(valid[0], manifest).GetType();
        for (var k = 0; k < FuzzCasesPerManifest; k++)
        {
            var bytes = (k % 5) switch
            {
                0 => RandomBytes(random),
                1 => Mutate(others[random.Next(others.Count)], random), // another message's frame under this manifest
                _ => Mutate(valid[random.Next(valid.Count)], random),
            };
            try
            {
                var back = _serializer.FromBinary(bytes, manifest);
                Assert.IsType(expectedType, back); // a mutation that still decodes must decode to the manifest's type
            }
            catch (SerializationException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {k} ({Convert.ToHexString(bytes)}) threw {e.GetType().Name} instead of SerializationException: {e.Message}");
            }
        }
    }

    internal static IReadOnlyList<Type> LedgerMessageTypes() =>
        typeof(ILedgerMessage).Assembly.GetTypes()
            .Where(t => typeof(ILedgerMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, AkkaSerialization.ManifestFor(serializer, message));
    }

    private void AssertRefused(byte[] bytes, string manifest, string mentions)
    {
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, manifest));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    private delegate void FrameWriter(ref MessagePackWriter writer);

    private static byte[] Frame(Action<MessagePackWriterBox> write)
    {
        var box = new MessagePackWriterBox();
        write(box);
        return box.ToArray();
    }

    private static byte[] SubmitCommandFrame(string commandManifest, Action<MessagePackWriterBox> writeCommand) => Frame(w =>
    {
        w.WriteArrayHeader(2);
        w.Write(commandManifest);
        writeCommand(w);
    });

    /// <summary>A MessagePack writer usable from a lambda (the writer itself is a ref struct).</summary>
    private sealed class MessagePackWriterBox
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

        private void Do(FrameWriter write)
        {
            var writer = new MessagePackWriter(_buffer);
            write(ref writer);
            writer.Flush();
        }

        public void WriteArrayHeader(int count) => Do((ref MessagePackWriter w) => w.WriteArrayHeader(count));
        public void WriteNil() => Do((ref MessagePackWriter w) => w.WriteNil());
        public void Write(string value) => Do((ref MessagePackWriter w) => w.Write(value));
        public void Write(int value) => Do((ref MessagePackWriter w) => w.Write(value));
        public void Write(long value) => Do((ref MessagePackWriter w) => w.Write(value));
        public void Write(ulong value) => Do((ref MessagePackWriter w) => w.Write(value));
        public void Write(ushort value) => Do((ref MessagePackWriter w) => w.Write(value));
        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }

    private void AssertEquivalent(object expected, object actual)
    {
        switch (expected)
        {
            case SubmitCommand sent:
                // Commands hold arrays (no value equality): compare them in the journal's encoding.
                var command = ((SubmitCommand)actual).Command;
                Assert.IsType(sent.Command.GetType(), command);
                var commands = Sys.Serialization.FindSerializerFor(sent.Command);
                Assert.Equal(commands.ToBinary(sent.Command), commands.ToBinary(command));
                break;
            case MetagraphResult { Metagraph: { } sent }:
                AssertSameMetagraph(sent, ((MetagraphResult)actual).Metagraph!);
                break;
            case MetagraphPublished sent:
                AssertSameMetagraph(sent.Metagraph, ((MetagraphPublished)actual).Metagraph);
                break;
            case HyperparametersResult sent:
                // Lists have no value equality: compare the fields, then the values in order.
                var hyperparameters = (HyperparametersResult)actual;
                Assert.Equal((sent.NetUid, sent.Block, sent.Owner), (hyperparameters.NetUid, hyperparameters.Block, hyperparameters.Owner));
                Assert.Equal(sent.Values, hyperparameters.Values);
                break;
            case BalanceResult sent:
                var balance = (BalanceResult)actual;
                Assert.Equal((sent.Coldkey, sent.Block, sent.FreeRao), (balance.Coldkey, balance.Block, balance.FreeRao));
                Assert.Equal(sent.Stakes, balance.Stakes);
                break;
            default:
                Assert.Equal(expected, actual); // records of values (and actor refs): value equality
                break;
        }
    }

    private static void AssertSameMetagraph(Metagraph expected, Metagraph actual)
    {
        Assert.Equal((expected.NetUid, expected.Block), (actual.NetUid, actual.Block));
        Assert.Equal(expected.Neurons, actual.Neurons);
        AssertSameRows(expected.Weights, actual.Weights);
        AssertSameRows(expected.Bonds, actual.Bonds);
    }

    private static void AssertSameRows(IReadOnlyList<(ushort Uid, ushort Value)[]>? expected, IReadOnlyList<(ushort Uid, ushort Value)[]>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (var k = 0; k < expected.Count; k++) Assert.Equal(expected[k], actual[k]);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 96)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    // A large or special MessagePack marker (array32, str32, bin32, map, ext, nil, never-used) where a field begins.
                    byte[] markers = [0xdd, 0xdb, 0xc6, 0xdf, 0xc7, 0xd4, 0xcf, 0xd3, 0xc0, 0xc1, 0xdc, 0xff];
                    bytes.Insert(random.Next(bytes.Count + 1), markers[random.Next(markers.Length)]);
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Realistic messages: results, hashes and metagraphs taken from a ledger that ran epochs with weights.</summary>
    private sealed class Samples
    {
        public Samples(IActorRef subscriber)
        {
            var fixture = LedgerFixture.ValidatedSubnet(miners: 3);
            fixture.SetWeights(1, LedgerFixture.ValidatorHot, [1, 2, 3], [65535, 30000, 1000]);
            fixture.StepEpochs(1, 2);
            var ledger = fixture.Ledger;
            var serve = new ServeAxon(1, LedgerFixture.ValidatorHot, "203.0.113.7", 8091);
            fixture.Accept(serve);
            fixture.Accept(new ServeAxon(1, LedgerFixture.MinerHot(1), "2001:db8::17", 30333));
            StateHash = ledger.StateHash();
            Hyperparameters = new HyperparametersResult(1, ledger.Block, LedgerFixture.Owner, ledger.HyperparametersOf(1)!);
            Balance = new BalanceResult(LedgerFixture.ValidatorCold, ledger.Block, ledger.BalanceOf(LedgerFixture.ValidatorCold),
                ledger.StakesOf(LedgerFixture.ValidatorCold));
            FullMetagraph = ledger.Metagraph(1, withWeightsAndBonds: true)!;
            var published = ledger.Metagraph(1)!;

            var refusal = ledger.Apply(new BurnedRegister(99, LedgerFixture.MinerCold, "late-hot"));
            Refused = new CommandResult(refusal, ledger.Block, ledger.StateHash());
            ledger.Apply(new Endow("new-cold", 1_000 * LedgerFixture.Tao));
            var registration = ledger.Apply(new BurnedRegister(1, "new-cold", "new-hot"));
            Assert.True(registration.Accepted, $"{registration.Error}");
            Registered = new CommandResult(registration, ledger.Block, ledger.StateHash());

            All =
            [
                new SubmitCommand(new Endow("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 42 * LedgerFixture.Tao)),
                new SubmitCommand(new SetWeights(1, LedgerFixture.ValidatorHot, [1, 2, 3], [65535, 30000, 1000], 0)),
                new SubmitCommand(new CommitWeights(1, LedgerFixture.ValidatorHot, WeightsCommitHash.Compute(LedgerFixture.ValidatorHot, 1, [1, 2], [7, 9], [3, 4], 0))),
                new SubmitCommand(AdvanceBlock.Instance),
                new SubmitCommand(serve),
                new SubmitCommand(new SetHyperparameter(1, LedgerFixture.Owner, "tempo", "360")),
                Refused,
                Registered,
                new CommandResult(LedgerOutcome.Ok, ledger.Block, StateHash),
                GetStateHash.Instance,
                new StateHashResult(ledger.Block, StateHash),
                new GetMetagraph(1, WithWeightsAndBonds: true),
                new GetMetagraph(65535),
                new MetagraphResult(FullMetagraph),
                new MetagraphResult(published),
                new MetagraphResult(null),
                new Subscribe(subscriber),
                new Unsubscribe(subscriber),
                new BlockProduced(ledger.Block, StateHash),
                new MetagraphPublished(published),
                new MetagraphPublished(new Metagraph(2, 0, [], null, null)),
                GetPersistenceStatus.Instance,
                new PersistenceStatus(null, 0, 0, null, 0),
                new PersistenceStatus(1_000, 12_345, 3, 4_000, 1),
                new GetHyperparameters(1),
                new GetHyperparameters(65535),
                Hyperparameters,
                new HyperparametersResult(0, ledger.Block, "", ledger.HyperparametersOf(0)!),
                new HyperparametersResult(9, ledger.Block, null, []),
                new GetBalance("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
                Balance,
                new BalanceResult("nobody", 0, 0, []),
            ];
        }

        public string StateHash { get; }
        public Metagraph FullMetagraph { get; }
        public CommandResult Refused { get; }
        public CommandResult Registered { get; }
        public HyperparametersResult Hyperparameters { get; }
        public BalanceResult Balance { get; }
        public IReadOnlyList<object> All { get; }
    }
}
