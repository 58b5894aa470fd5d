using System.Buffers;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Bittensor.Ledger.Persistence;
using Bittensor.Serialization;
using MessagePack;

namespace Bittensor.Ledger.Wire;

/// <summary>
/// Serializes every <see cref="ILedgerMessage"/> (the <see cref="LedgerActor"/>'s requests and replies, as they cross
/// Akka.Remote) with MessagePack's low-level writer and reader. Each message is one MessagePack array of its fields
/// in declaration order, under a short stable manifest ("ledger.submit-command", …), never a type name. Layouts:
/// <list type="bullet">
/// <item>submit command <c>[command manifest, command]</c>: the command in <see cref="LedgerMessageSerializer"/>'s
/// layout for that manifest, the one the journal stores;</item>
/// <item>command result <c>[outcome, block, state hash]</c>, outcome <c>[error (nil, or [code, message]), uid (nil or
/// int)]</c>; state hash and block produced <c>[block, state hash]</c>; get metagraph <c>[netuid, with weights and
/// bonds]</c>; metagraph result <c>[metagraph or nil]</c>; metagraph published <c>[metagraph]</c>; subscribe and
/// unsubscribe <c>[actor path]</c>; persistence status <c>[recovered from block or nil, events replayed, snapshots
/// saved, last snapshot block or nil, snapshots failed]</c>; get state hash and get persistence status <c>[]</c>;</item>
/// <item>get hyperparameters <c>[netuid]</c>; hyperparameters result <c>[netuid, block, owner (nil: no such subnet;
/// empty for the root subnet), flat [name, value, name, value, …] (empty when owner is nil)]</c>; get balance
/// <c>[coldkey]</c>; balance result <c>[coldkey, block, free rao, flat [hotkey, stake rao, hotkey, stake rao, …]]</c>;</item>
/// <item>metagraph <c>[netuid, block, neurons, weights (nil or one row per uid), bonds (likewise)]</c>, a neuron the 15
/// fields of <see cref="MetagraphNeuron"/> in order (axon ip nil when unserved), a row flat <c>[uid, value, uid,
/// value, …]</c>.</item>
/// </list>
/// <see cref="FromBinary"/> is a closed switch over the manifests and checks everything it reads (field counts, error
/// codes, the state hash's form, key and address lengths, uids in range, one weights and bonds row per neuron, no
/// trailing bytes); an unknown manifest or any corruption throws <see cref="SerializationException"/> and nothing
/// else, which Akka.Remote treats as transient (the message is dropped, the association stays).
/// </summary>
/// <remarks>
/// The manifests and layouts are a wire format: never change the layout of an existing manifest; a message whose
/// fields change gets a new manifest ("ledger.command-result.2") and the old one keeps being read for a while. Bound
/// in HOCON (hocon/ledger-serialization.conf) to <see cref="ILedgerMessage"/>. The writer refuses what the reader
/// would refuse (a malformed state hash, a nil or over-long key), so a bad message fails at its sender, not silently
/// at its receiver.
/// </remarks>
public sealed class LedgerWireSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id carried in every Akka.Remote envelope (above Akka's own ids); never change it.</summary>
    public const int Id = 4110;

    public const string SubmitCommandManifest = "ledger.submit-command";
    public const string CommandResultManifest = "ledger.command-result";
    public const string GetStateHashManifest = "ledger.get-state-hash";
    public const string StateHashResultManifest = "ledger.state-hash";
    public const string GetMetagraphManifest = "ledger.get-metagraph";
    public const string MetagraphResultManifest = "ledger.metagraph-result";
    public const string SubscribeManifest = "ledger.subscribe";
    public const string UnsubscribeManifest = "ledger.unsubscribe";
    public const string BlockProducedManifest = "ledger.block-produced";
    public const string MetagraphPublishedManifest = "ledger.metagraph-published";
    public const string GetPersistenceStatusManifest = "ledger.get-persistence-status";
    public const string PersistenceStatusManifest = "ledger.persistence-status";
    public const string GetHyperparametersManifest = "ledger.get-hyperparameters";
    public const string HyperparametersResultManifest = "ledger.hyperparameters-result";
    public const string GetBalanceManifest = "ledger.get-balance";
    public const string BalanceResultManifest = "ledger.balance-result";

    /// <summary>Every manifest this serializer reads and writes.</summary>
    public static IReadOnlyList<string> Manifests { get; } =
    [
        SubmitCommandManifest, CommandResultManifest, GetStateHashManifest, StateHashResultManifest, GetMetagraphManifest,
        MetagraphResultManifest, SubscribeManifest, UnsubscribeManifest, BlockProducedManifest, MetagraphPublishedManifest,
        GetPersistenceStatusManifest, PersistenceStatusManifest, GetHyperparametersManifest, HyperparametersResultManifest,
        GetBalanceManifest, BalanceResultManifest,
    ];

    /// <summary>A SHA-256 in lower-case hex, as <see cref="LedgerState.StateHash"/> writes it.</summary>
    private const int StateHashLength = 64;

    // Uids are u16, so a subnet never has more neurons than this, nor a row more entries.
    private const int MaxUids = ushort.MaxValue + 1;

    // An IPv6 address in text is at most 45 characters, plus a scope id; anything far longer is not an address.
    private const int MaxAxonIpLength = 256;

    // Akka's own paths stay far below this; it only keeps a corrupt frame from handing the provider a huge string.
    private const int MaxActorPathLength = 4096;

    // A subnet has a few dozen hyperparameters, each a short snake_case name and a number or word.
    private const int MaxHyperparameters = 256;
    private const int MaxHyperparameterTextLength = 128;

    // One coldkey's stakes: far more hotkeys than any wallet holds, and still a bounded list.
    private const int MaxStakes = 65_536;

    public LedgerWireSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        SubmitCommand => SubmitCommandManifest,
        CommandResult => CommandResultManifest,
        GetStateHash => GetStateHashManifest,
        StateHashResult => StateHashResultManifest,
        GetMetagraph => GetMetagraphManifest,
        MetagraphResult => MetagraphResultManifest,
        Subscribe => SubscribeManifest,
        Unsubscribe => UnsubscribeManifest,
        BlockProduced => BlockProducedManifest,
        MetagraphPublished => MetagraphPublishedManifest,
        GetPersistenceStatus => GetPersistenceStatusManifest,
        PersistenceStatus => PersistenceStatusManifest,
        GetHyperparameters => GetHyperparametersManifest,
        HyperparametersResult => HyperparametersResultManifest,
        GetBalance => GetBalanceManifest,
        BalanceResult => BalanceResultManifest,
        _ => throw CannotSerialize(o),
    };

    public override byte[] ToBinary(object obj)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        switch (obj)
        {
            case SubmitCommand m:
                if (m.Command is null) throw new SerializationException($"A {nameof(SubmitCommand)} without a command cannot be serialized.");
                writer.WriteArrayHeader(2);
                writer.Write(LedgerMessageSerializer.ManifestOf(m.Command));
                LedgerMessageSerializer.Write(ref writer, m.Command);
                break;
            case CommandResult m:
                writer.WriteArrayHeader(3);
                WriteOutcome(ref writer, m.Outcome);
                writer.Write(m.Block);
                WriteStateHash(ref writer, m.StateHash);
                break;
            case GetStateHash:
            case GetPersistenceStatus:
                writer.WriteArrayHeader(0);
                break;
            case StateHashResult m:
                writer.WriteArrayHeader(2);
                writer.Write(m.Block);
                WriteStateHash(ref writer, m.StateHash);
                break;
            case GetMetagraph m:
                writer.WriteArrayHeader(2);
                writer.Write(m.NetUid);
                writer.Write(m.WithWeightsAndBonds);
                break;
            case MetagraphResult m:
                writer.WriteArrayHeader(1);
                if (m.Metagraph is null) writer.WriteNil();
                else WriteMetagraph(ref writer, m.Metagraph);
                break;
            case Subscribe m:
                writer.WriteArrayHeader(1);
                WriteActorRef(ref writer, m.Subscriber);
                break;
            case Unsubscribe m:
                writer.WriteArrayHeader(1);
                WriteActorRef(ref writer, m.Subscriber);
                break;
            case BlockProduced m:
                writer.WriteArrayHeader(2);
                writer.Write(m.Block);
                WriteStateHash(ref writer, m.StateHash);
                break;
            case MetagraphPublished m:
                writer.WriteArrayHeader(1);
                WriteMetagraph(ref writer, m.Metagraph);
                break;
            case PersistenceStatus m:
                writer.WriteArrayHeader(5);
                WriteOptional(ref writer, m.RecoveredFromSnapshotBlock);
                writer.Write(m.EventsReplayed);
                writer.Write(m.SnapshotsSaved);
                WriteOptional(ref writer, m.LastSnapshotBlock);
                writer.Write(m.SnapshotsFailed);
                break;
            case GetHyperparameters m:
                writer.WriteArrayHeader(1);
                writer.Write(m.NetUid);
                break;
            case HyperparametersResult m:
                WriteHyperparametersResult(ref writer, m);
                break;
            case GetBalance m:
                writer.WriteArrayHeader(1);
                writer.Write(CheckKey(m.Coldkey, "balance coldkey"));
                break;
            case BalanceResult m:
                WriteBalanceResult(ref writer, m);
                break;
            default:
                throw CannotSerialize(obj);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        MessagePackFrame.Decode<ILedgerMessage>(bytes, manifest, (ref MessagePackReader reader) => manifest switch
        {
            SubmitCommandManifest => ReadSubmitCommand(ref reader),
            CommandResultManifest => ReadCommandResult(ref reader),
            GetStateHashManifest => ReadEmpty(ref reader, GetStateHashManifest, GetStateHash.Instance),
            StateHashResultManifest => ReadStateHashResult(ref reader),
            GetMetagraphManifest => ReadGetMetagraph(ref reader),
            MetagraphResultManifest => ReadMetagraphResult(ref reader),
            SubscribeManifest => new Subscribe(ReadActorRefMessage(ref reader, SubscribeManifest)),
            UnsubscribeManifest => new Unsubscribe(ReadActorRefMessage(ref reader, UnsubscribeManifest)),
            BlockProducedManifest => ReadBlockProduced(ref reader),
            MetagraphPublishedManifest => ReadMetagraphPublished(ref reader),
            GetPersistenceStatusManifest => ReadEmpty(ref reader, GetPersistenceStatusManifest, GetPersistenceStatus.Instance),
            PersistenceStatusManifest => ReadPersistenceStatus(ref reader),
            GetHyperparametersManifest => ReadGetHyperparameters(ref reader),
            HyperparametersResultManifest => ReadHyperparametersResult(ref reader),
            GetBalanceManifest => ReadGetBalance(ref reader),
            BalanceResultManifest => ReadBalanceResult(ref reader),
            _ => throw new SerializationException(
                $"Unknown ledger wire message manifest '{manifest}'; known: {string.Join(", ", Manifests)}."),
        });

    private static SerializationException CannotSerialize(object? o) =>
        new($"{nameof(LedgerWireSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}.");

    // ---- writing -------------------------------------------------------------------------------------------

    private static void WriteOutcome(ref MessagePackWriter writer, LedgerOutcome outcome)
    {
        writer.WriteArrayHeader(2);
        if (outcome.Error is { } error)
        {
            writer.WriteArrayHeader(2);
            writer.Write((int)error.Code);
            writer.Write(error.Message ?? throw new SerializationException("A ledger error without a message cannot be serialized."));
        }
        else
        {
            writer.WriteNil();
        }
        if (outcome.Uid is { } uid) writer.Write(CheckUid(uid));
        else writer.WriteNil();
    }

    private static void WriteStateHash(ref MessagePackWriter writer, string stateHash) => writer.Write(CheckStateHash(stateHash));

    private static void WriteOptional(ref MessagePackWriter writer, ulong? value)
    {
        if (value is { } v) writer.Write(v);
        else writer.WriteNil();
    }

    private static void WriteActorRef(ref MessagePackWriter writer, IActorRef actorRef)
    {
        if (actorRef is null || actorRef.IsNobody())
            throw new SerializationException("A subscriber must be an actor: no sender and Nobody cannot subscribe.");
        // With the transport's address when Akka.Remote is serializing, so the receiver resolves a remote ref back.
        writer.Write(Akka.Serialization.Serialization.SerializedActorPath(actorRef));
    }

    private static void WriteHyperparametersResult(ref MessagePackWriter writer, HyperparametersResult m)
    {
        var values = m.Values ?? throw new SerializationException("A hyperparameters result without a list of values cannot be serialized.");
        if (m.Owner is null && values.Count > 0)
            throw new SerializationException($"A hyperparameters result of a subnet that does not exist (no owner) cannot carry {values.Count} values.");
        if (values.Count > MaxHyperparameters)
            throw new SerializationException($"A hyperparameters result of {values.Count} values cannot be serialized (at most {MaxHyperparameters}).");
        writer.WriteArrayHeader(4);
        writer.Write(m.NetUid);
        writer.Write(m.Block);
        if (m.Owner is null) writer.WriteNil();
        else writer.Write(CheckOwner(m.Owner));
        writer.WriteArrayHeader(values.Count * 2);
        foreach (var (name, value) in values)
        {
            writer.Write(CheckHyperparameterText(name, "name", allowEmpty: false));
            writer.Write(CheckHyperparameterText(value, "value", allowEmpty: true));
        }
    }

    private static void WriteBalanceResult(ref MessagePackWriter writer, BalanceResult m)
    {
        var stakes = m.Stakes ?? throw new SerializationException("A balance result without a list of stakes cannot be serialized.");
        if (stakes.Count > MaxStakes)
            throw new SerializationException($"A balance result of {stakes.Count} stakes cannot be serialized (at most {MaxStakes}).");
        writer.WriteArrayHeader(4);
        writer.Write(CheckKey(m.Coldkey, "balance coldkey"));
        writer.Write(m.Block);
        writer.Write(m.FreeRao);
        writer.WriteArrayHeader(stakes.Count * 2);
        foreach (var (hotkey, stake) in stakes)
        {
            writer.Write(CheckKey(hotkey, "staked hotkey"));
            writer.Write(stake);
        }
    }

    private static void WriteMetagraph(ref MessagePackWriter writer, Metagraph metagraph)
    {
        writer.WriteArrayHeader(5);
        writer.Write(metagraph.NetUid);
        writer.Write(metagraph.Block);
        writer.WriteArrayHeader(metagraph.Neurons.Count);
        foreach (var neuron in metagraph.Neurons)
        {
            writer.WriteArrayHeader(15);
            writer.Write(neuron.Uid);
            writer.Write(CheckKey(neuron.Hotkey, "metagraph hotkey"));
            writer.Write(CheckKey(neuron.Coldkey, "metagraph coldkey"));
            writer.Write(neuron.StakeRao);
            writer.Write(neuron.Consensus);
            writer.Write(neuron.Incentive);
            writer.Write(neuron.Dividends);
            writer.Write(neuron.EmissionRao);
            writer.Write(neuron.ValidatorTrust);
            writer.Write(neuron.ValidatorPermit);
            writer.Write(neuron.Active);
            writer.Write(neuron.LastUpdate);
            writer.Write(neuron.RegisteredBlock);
            if (neuron.AxonIp is null) writer.WriteNil();
            else writer.Write(CheckAxonIp(neuron.AxonIp));
            writer.Write(CheckPort(neuron.AxonPort));
        }
        WriteRows(ref writer, metagraph.Weights, metagraph.Neurons.Count, "weights");
        WriteRows(ref writer, metagraph.Bonds, metagraph.Neurons.Count, "bonds");
    }

    private static void WriteRows(ref MessagePackWriter writer, IReadOnlyList<(ushort Uid, ushort Value)[]>? rows, int neurons, string what)
    {
        if (rows is null)
        {
            writer.WriteNil();
            return;
        }
        if (rows.Count != neurons)
            throw new SerializationException($"A metagraph of {neurons} neurons with {rows.Count} {what} rows cannot be serialized.");
        writer.WriteArrayHeader(rows.Count);
        foreach (var row in rows)
        {
            // Flat: uid, value, uid, value, …
            writer.WriteArrayHeader(row.Length * 2);
            foreach (var (uid, value) in row)
            {
                writer.Write(uid);
                writer.Write(value);
            }
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private static SubmitCommand ReadSubmitCommand(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, SubmitCommandManifest);
        // The inner manifest goes through LedgerMessageSerializer's closed switch: an unknown one is refused there.
        var commandManifest = ReadString(ref reader, SubmitCommandManifest);
        return new SubmitCommand(LedgerMessageSerializer.Read(ref reader, commandManifest));
    }

    private static CommandResult ReadCommandResult(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, CommandResultManifest);
        ReadHeader(ref reader, 2, "ledger outcome");
        LedgerError? error = null;
        if (!reader.TryReadNil())
        {
            ReadHeader(ref reader, 2, "ledger error");
            var code = reader.ReadInt32();
            if (!Enum.IsDefined((LedgerErrorCode)code))
                throw new SerializationException($"Corrupt '{CommandResultManifest}' payload: {code} is not a ledger error code.");
            error = new LedgerError((LedgerErrorCode)code, ReadString(ref reader, CommandResultManifest));
        }
        int? uid = reader.TryReadNil() ? null : CheckUid(reader.ReadInt32());
        return new CommandResult(new LedgerOutcome(error, uid), reader.ReadUInt64(), ReadStateHash(ref reader));
    }

    private static T ReadEmpty<T>(ref MessagePackReader reader, string manifest, T instance)
    {
        ReadHeader(ref reader, 0, manifest);
        return instance;
    }

    private static StateHashResult ReadStateHashResult(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, StateHashResultManifest);
        return new StateHashResult(reader.ReadUInt64(), ReadStateHash(ref reader));
    }

    private static GetMetagraph ReadGetMetagraph(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, GetMetagraphManifest);
        return new GetMetagraph(reader.ReadUInt16(), reader.ReadBoolean());
    }

    private static MetagraphResult ReadMetagraphResult(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 1, MetagraphResultManifest);
        return new MetagraphResult(reader.TryReadNil() ? null : ReadMetagraph(ref reader));
    }

    private IActorRef ReadActorRefMessage(ref MessagePackReader reader, string manifest)
    {
        ReadHeader(ref reader, 1, manifest);
        var path = ReadString(ref reader, manifest);
        if (path.Length is 0 or > MaxActorPathLength)
            throw new SerializationException($"Corrupt '{manifest}' payload: an actor path of {path.Length} characters.");
        return system.Provider.ResolveActorRef(path);
    }

    private static BlockProduced ReadBlockProduced(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, BlockProducedManifest);
        return new BlockProduced(reader.ReadUInt64(), ReadStateHash(ref reader));
    }

    private static MetagraphPublished ReadMetagraphPublished(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 1, MetagraphPublishedManifest);
        return new MetagraphPublished(ReadMetagraph(ref reader));
    }

    private static PersistenceStatus ReadPersistenceStatus(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, PersistenceStatusManifest);
        ulong? recoveredFrom = reader.TryReadNil() ? null : reader.ReadUInt64();
        var eventsReplayed = ReadCount(ref reader, "events replayed");
        var snapshotsSaved = ReadCount(ref reader, "snapshots saved");
        ulong? lastSnapshot = reader.TryReadNil() ? null : reader.ReadUInt64();
        return new PersistenceStatus(recoveredFrom, eventsReplayed, snapshotsSaved, lastSnapshot, ReadCount(ref reader, "snapshots failed"));
    }

    private static GetHyperparameters ReadGetHyperparameters(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 1, GetHyperparametersManifest);
        return new GetHyperparameters(reader.ReadUInt16());
    }

    private static HyperparametersResult ReadHyperparametersResult(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 4, HyperparametersResultManifest);
        var netUid = reader.ReadUInt16();
        var block = reader.ReadUInt64();
        var owner = reader.TryReadNil() ? null : CheckOwner(ReadString(ref reader, HyperparametersResultManifest));
        var count = reader.ReadArrayHeader();
        if (count % 2 != 0 || count / 2 > MaxHyperparameters)
            throw new SerializationException($"Corrupt '{HyperparametersResultManifest}' payload: {count} texts, not at most {MaxHyperparameters} (name, value) pairs.");
        if (owner is null && count > 0)
            throw new SerializationException($"Corrupt '{HyperparametersResultManifest}' payload: values for a subnet that does not exist (no owner).");
        var values = new (string Name, string Value)[count / 2];
        for (var k = 0; k < values.Length; k++)
            values[k] = (CheckHyperparameterText(ReadString(ref reader, HyperparametersResultManifest), "name", allowEmpty: false),
                CheckHyperparameterText(ReadString(ref reader, HyperparametersResultManifest), "value", allowEmpty: true));
        return new HyperparametersResult(netUid, block, owner, values);
    }

    private static GetBalance ReadGetBalance(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 1, GetBalanceManifest);
        return new GetBalance(CheckKey(ReadString(ref reader, GetBalanceManifest), "balance coldkey"));
    }

    private static BalanceResult ReadBalanceResult(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 4, BalanceResultManifest);
        var coldkey = CheckKey(ReadString(ref reader, BalanceResultManifest), "balance coldkey");
        var block = reader.ReadUInt64();
        var free = reader.ReadUInt64();
        var count = reader.ReadArrayHeader();
        if (count % 2 != 0 || count / 2 > MaxStakes)
            throw new SerializationException($"Corrupt '{BalanceResultManifest}' payload: {count} values, not at most {MaxStakes} (hotkey, stake) pairs.");
        var stakes = new (string Hotkey, ulong StakeRao)[count / 2];
        for (var k = 0; k < stakes.Length; k++)
            stakes[k] = (CheckKey(ReadString(ref reader, BalanceResultManifest), "staked hotkey"), reader.ReadUInt64());
        return new BalanceResult(coldkey, block, free, stakes);
    }

    private static long ReadCount(ref MessagePackReader reader, string what)
    {
        var count = reader.ReadInt64();
        if (count < 0) throw new SerializationException($"Corrupt '{PersistenceStatusManifest}' payload: {count} {what}.");
        return count;
    }

    private static Metagraph ReadMetagraph(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, "metagraph");
        var netUid = reader.ReadUInt16();
        var block = reader.ReadUInt64();
        // ReadArrayHeader refuses a count larger than the bytes left, so a corrupt count cannot over-allocate.
        var count = reader.ReadArrayHeader();
        if (count > MaxUids) throw new SerializationException($"Corrupt metagraph: {count} neurons, more than uids exist.");
        var neurons = new MetagraphNeuron[count];
        for (var k = 0; k < neurons.Length; k++)
        {
            ReadHeader(ref reader, 15, "metagraph neuron");
            var uid = reader.ReadUInt16();
            // The ledger lists neurons by uid; anything else is not a metagraph it wrote.
            if (uid != k) throw new SerializationException($"Corrupt metagraph: neuron {k} carries uid {uid}.");
            neurons[k] = new MetagraphNeuron(uid, ReadKey(ref reader, "metagraph hotkey"), ReadKey(ref reader, "metagraph coldkey"), reader.ReadUInt64(),
                reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt64(), reader.ReadUInt16(),
                reader.ReadBoolean(), reader.ReadBoolean(), reader.ReadUInt64(), reader.ReadUInt64(),
                reader.TryReadNil() ? null : CheckAxonIp(ReadString(ref reader, "metagraph")), CheckPort(reader.ReadInt32()));
        }
        var weights = ReadRows(ref reader, count, "weights");
        var bonds = ReadRows(ref reader, count, "bonds");
        return new Metagraph(netUid, block, neurons, weights, bonds);
    }

    private static (ushort Uid, ushort Value)[][]? ReadRows(ref MessagePackReader reader, int neurons, string what)
    {
        if (reader.TryReadNil()) return null;
        var count = reader.ReadArrayHeader();
        if (count != neurons)
            throw new SerializationException($"Corrupt metagraph: {count} {what} rows for {neurons} neurons.");
        var rows = new (ushort Uid, ushort Value)[count][];
        for (var k = 0; k < rows.Length; k++)
        {
            var values = reader.ReadArrayHeader();
            if (values % 2 != 0 || values / 2 > MaxUids)
                throw new SerializationException($"Corrupt metagraph: a {what} row of {values} values, not (uid, value) pairs.");
            var row = new (ushort Uid, ushort Value)[values / 2];
            for (var j = 0; j < row.Length; j++) row[j] = (reader.ReadUInt16(), reader.ReadUInt16());
            rows[k] = row;
        }
        return rows;
    }

    private static string ReadStateHash(ref MessagePackReader reader) => CheckStateHash(ReadString(ref reader, "state hash"));

    private static string ReadKey(ref MessagePackReader reader, string role) => CheckKey(ReadString(ref reader, "metagraph"), role);

    private static void ReadHeader(ref MessagePackReader reader, int fields, string what) =>
        MessagePackFrame.ReadHeader(ref reader, fields, what);

    private static string ReadString(ref MessagePackReader reader, string what) => MessagePackFrame.ReadString(ref reader, what);

    // ---- checks shared by both directions ------------------------------------------------------------------

    private static string CheckStateHash(string? hash)
    {
        if (hash is null || hash.Length != StateHashLength || !hash.All(char.IsAsciiHexDigitLower))
            throw new SerializationException(
                $"A state hash must be {StateHashLength} lower-case hex digits; got {(hash is null ? "nil" : $"{hash.Length} characters")}.");
        return hash;
    }

    private static string CheckKey(string? key, string role)
    {
        // The ledger registers no key longer than this, so a longer one is not from a ledger.
        if (string.IsNullOrEmpty(key) || key.Length > LedgerState.MaxKeyLength)
            throw new SerializationException($"A {role} must have 1 to {LedgerState.MaxKeyLength} characters; got {key?.Length ?? 0}.");
        return key;
    }

    // The root subnet has no owner (an empty key); every other subnet's owner is a key.
    private static string CheckOwner(string owner) =>
        owner.Length <= LedgerState.MaxKeyLength
            ? owner
            : throw new SerializationException($"A subnet owner must have at most {LedgerState.MaxKeyLength} characters; got {owner.Length}.");

    private static string CheckHyperparameterText(string? text, string what, bool allowEmpty)
    {
        if (text is null || (!allowEmpty && text.Length == 0) || text.Length > MaxHyperparameterTextLength)
            throw new SerializationException(
                $"A hyperparameter {what} must have {(allowEmpty ? 0 : 1)} to {MaxHyperparameterTextLength} characters; got {(text is null ? "nil" : text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        return text;
    }

    private static string CheckAxonIp(string ip) =>
        ip.Length is > 0 and <= MaxAxonIpLength
            ? ip
            : throw new SerializationException($"An axon ip must have 1 to {MaxAxonIpLength} characters; got {ip.Length}.");

    private static int CheckPort(int port) =>
        port is >= 0 and <= ushort.MaxValue ? port : throw new SerializationException($"An axon port of {port} is outside 0…65535.");

    private static int CheckUid(int uid) =>
        uid is >= 0 and <= ushort.MaxValue ? uid : throw new SerializationException($"A uid of {uid} is outside 0…65535.");
}
