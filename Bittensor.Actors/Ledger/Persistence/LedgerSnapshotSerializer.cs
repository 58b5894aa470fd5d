using System.Buffers;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Bittensor.Serialization;
using MessagePack;

namespace Bittensor.Ledger.Persistence;

/// <summary>
/// Serializes a <see cref="LedgerSnapshot"/> (what the <see cref="LedgerActor"/> saves every N blocks) with
/// MessagePack's low-level writer and reader, like <see cref="LedgerMessageSerializer"/> does the events: nested
/// MessagePack arrays of the fields in declaration order, under the stable manifest "ledger.snapshot". Any
/// corruption (wrong shape, a nil where a value belongs, a truncated payload, trailing bytes, an unknown manifest)
/// throws <see cref="SerializationException"/> and nothing else.
/// </summary>
/// <remarks>
/// A storage format, as the events are: the layout of "ledger.snapshot" never changes; a new layout gets a new
/// manifest and the old one keeps being read (or old snapshots are dropped, since the journal can rebuild them).
/// Bound in HOCON (hocon/ledger-serialization.conf) to <see cref="LedgerSnapshot"/>.
/// </remarks>
public sealed class LedgerSnapshotSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored with every snapshot (next to <see cref="LedgerMessageSerializer.Id"/>); never change it.</summary>
    public const int Id = 4108;

    public const string SnapshotManifest = "ledger.snapshot";

    public LedgerSnapshotSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o is LedgerSnapshot
        ? SnapshotManifest
        : throw new SerializationException($"{nameof(LedgerSnapshotSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}.");

    public override byte[] ToBinary(object obj)
    {
        if (obj is not LedgerSnapshot snapshot)
            throw new SerializationException($"{nameof(LedgerSnapshotSerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}.");
        return Serialize(snapshot);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        manifest == SnapshotManifest
            ? Deserialize(bytes)
            : throw new SerializationException($"Unknown ledger snapshot manifest '{manifest}'.");

    /// <summary>The "ledger.snapshot" payload of a snapshot.</summary>
    public static byte[] Serialize(LedgerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(7);
        writer.Write(snapshot.Block);
        writer.Write(snapshot.TotalIssuance);
        writer.Write(snapshot.TotalEmitted);
        writer.Write(snapshot.TotalBurned);
        WriteBalances(ref writer, snapshot.Balances);
        writer.WriteArrayHeader(snapshot.Hotkeys.Count);
        foreach (var hotkey in snapshot.Hotkeys)
        {
            writer.WriteArrayHeader(4);
            writer.Write(hotkey.Hotkey);
            writer.Write(hotkey.Owner);
            writer.Write(hotkey.Take);
            WriteBalances(ref writer, hotkey.Stakes);
        }
        writer.WriteArrayHeader(snapshot.Subnets.Count);
        foreach (var subnet in snapshot.Subnets) WriteSubnet(ref writer, subnet);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The snapshot in a "ledger.snapshot" payload; any corruption throws <see cref="SerializationException"/>.</summary>
    public static LedgerSnapshot Deserialize(byte[] bytes) =>
        MessagePackFrame.Decode(bytes, SnapshotManifest, static (ref MessagePackReader reader) =>
        {
            ReadHeader(ref reader, 7, "snapshot");
            var block = reader.ReadUInt64();
            var issuance = reader.ReadUInt64();
            var emitted = reader.ReadUInt64();
            var burned = reader.ReadUInt64();
            var balances = ReadBalances(ref reader);
            var hotkeys = new HotkeySnapshot[reader.ReadArrayHeader()];
            for (var k = 0; k < hotkeys.Length; k++)
            {
                ReadHeader(ref reader, 4, "hotkey");
                hotkeys[k] = new HotkeySnapshot(ReadString(ref reader), ReadString(ref reader), reader.ReadUInt16(), ReadBalances(ref reader));
            }
            var subnets = new SubnetSnapshot[reader.ReadArrayHeader()];
            for (var k = 0; k < subnets.Length; k++) subnets[k] = ReadSubnet(ref reader);
            return new LedgerSnapshot(block, issuance, emitted, burned, balances, hotkeys, subnets);
        });

    private static void WriteSubnet(ref MessagePackWriter writer, SubnetSnapshot subnet)
    {
        writer.WriteArrayHeader(12);
        writer.Write(subnet.NetUid);
        writer.Write(subnet.Owner);
        writer.WriteArrayHeader(subnet.Hyperparameters.Count);
        foreach (var parameter in subnet.Hyperparameters)
        {
            writer.WriteArrayHeader(2);
            writer.Write(parameter.Name);
            writer.Write(parameter.Value);
        }
        writer.Write(subnet.CreatedBlock);
        writer.Write(subnet.LockedRao);
        writer.Write(subnet.LastEpochBlock);
        writer.Write(subnet.EpochsRun);
        writer.Write(subnet.PendingEmissionRao);
        writer.Write(subnet.RegistrationsThisBlock);
        writer.Write(subnet.RegistrationsThisInterval);
        writer.WriteArrayHeader(subnet.Neurons.Count);
        foreach (var neuron in subnet.Neurons)
        {
            writer.WriteArrayHeader(15);
            writer.Write(neuron.Hotkey);
            writer.Write(neuron.RegisteredBlock);
            writer.Write(neuron.LastUpdate);
            if (neuron.AxonIp is null) writer.WriteNil();
            else writer.Write(neuron.AxonIp);
            writer.Write(neuron.AxonPort);
            WritePairs(ref writer, neuron.Weights);
            WritePairs(ref writer, neuron.Bonds);
            writer.Write(neuron.Active);
            writer.Write(neuron.ValidatorPermit);
            writer.Write(neuron.Consensus);
            writer.Write(neuron.Incentive);
            writer.Write(neuron.Dividends);
            writer.Write(neuron.ValidatorTrust);
            writer.Write(neuron.StakeWeight);
            writer.Write(neuron.EmissionRao);
        }
        writer.WriteArrayHeader(subnet.Commits.Count);
        foreach (var commit in subnet.Commits)
        {
            writer.WriteArrayHeader(4);
            writer.Write(commit.Hotkey);
            writer.Write(commit.Hash.ToArray());
            writer.Write(commit.Block);
            writer.Write(commit.Epoch);
        }
    }

    private static SubnetSnapshot ReadSubnet(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 12, "subnet");
        var netUid = reader.ReadUInt16();
        var owner = ReadString(ref reader);
        var parameters = new HyperparameterSnapshot[reader.ReadArrayHeader()];
        for (var k = 0; k < parameters.Length; k++)
        {
            ReadHeader(ref reader, 2, "hyperparameter");
            parameters[k] = new HyperparameterSnapshot(ReadString(ref reader), ReadString(ref reader));
        }
        var createdBlock = reader.ReadUInt64();
        var lockedRao = reader.ReadUInt64();
        var lastEpochBlock = reader.ReadUInt64();
        var epochsRun = reader.ReadUInt64();
        var pendingEmission = reader.ReadUInt64();
        var registrationsThisBlock = reader.ReadInt32();
        var registrationsThisInterval = reader.ReadInt32();
        var neurons = new NeuronSnapshot[reader.ReadArrayHeader()];
        for (var k = 0; k < neurons.Length; k++)
        {
            ReadHeader(ref reader, 15, "neuron");
            var hotkey = ReadString(ref reader);
            var registeredBlock = reader.ReadUInt64();
            var lastUpdate = reader.ReadUInt64();
            var axonIp = reader.TryReadNil() ? null : ReadString(ref reader);
            neurons[k] = new NeuronSnapshot(hotkey, registeredBlock, lastUpdate, axonIp, reader.ReadInt32(),
                ReadPairs(ref reader), ReadPairs(ref reader), reader.ReadBoolean(), reader.ReadBoolean(),
                reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(),
                reader.ReadUInt64());
        }
        var commits = new CommitSnapshot[reader.ReadArrayHeader()];
        for (var k = 0; k < commits.Length; k++)
        {
            ReadHeader(ref reader, 4, "commit");
            var hotkey = ReadString(ref reader);
            var hash = reader.ReadBytes() ?? throw new SerializationException($"Corrupt '{SnapshotManifest}' payload: a commit hash is nil.");
            commits[k] = new CommitSnapshot(hotkey, hash.ToArray(), reader.ReadUInt64(), reader.ReadUInt64());
        }
        return new SubnetSnapshot(netUid, owner, parameters, createdBlock, lockedRao, lastEpochBlock, epochsRun, pendingEmission,
            registrationsThisBlock, registrationsThisInterval, neurons, commits);
    }

    private static void WriteBalances(ref MessagePackWriter writer, IReadOnlyList<BalanceSnapshot> balances)
    {
        writer.WriteArrayHeader(balances.Count);
        foreach (var balance in balances)
        {
            writer.WriteArrayHeader(2);
            writer.Write(balance.Coldkey);
            writer.Write(balance.Rao);
        }
    }

    private static BalanceSnapshot[] ReadBalances(ref MessagePackReader reader)
    {
        // ReadArrayHeader refuses a count larger than the bytes left, so a corrupt count cannot over-allocate.
        var balances = new BalanceSnapshot[reader.ReadArrayHeader()];
        for (var k = 0; k < balances.Length; k++)
        {
            ReadHeader(ref reader, 2, "balance");
            balances[k] = new BalanceSnapshot(ReadString(ref reader), reader.ReadUInt64());
        }
        return balances;
    }

    private static void WritePairs(ref MessagePackWriter writer, IReadOnlyList<UidValue> pairs)
    {
        // Flat: uid, value, uid, value, …
        writer.WriteArrayHeader(pairs.Count * 2);
        foreach (var pair in pairs)
        {
            writer.Write(pair.Uid);
            writer.Write(pair.Value);
        }
    }

    private static UidValue[] ReadPairs(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count % 2 != 0)
            throw new SerializationException($"Corrupt '{SnapshotManifest}' payload: {count} values in a list of (uid, value) pairs.");
        var pairs = new UidValue[count / 2];
        for (var k = 0; k < pairs.Length; k++) pairs[k] = new UidValue(reader.ReadUInt16(), reader.ReadUInt16());
        return pairs;
    }

    private static void ReadHeader(ref MessagePackReader reader, int fields, string what) =>
        MessagePackFrame.ReadHeader(ref reader, fields, what);

    private static string ReadString(ref MessagePackReader reader) => MessagePackFrame.ReadString(ref reader, "snapshot");
}
