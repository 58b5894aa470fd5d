using System.Buffers;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Bittensor.Serialization;
using MessagePack;

namespace Bittensor.Ledger.Persistence;

/// <summary>
/// Serializes every <see cref="ILedgerCommand"/> (the ledger's persisted events) with MessagePack's low-level
/// writer and reader: each command is one MessagePack array of its fields in declaration order, and its type is a
/// short stable manifest ("ledger.endow", …), never a type name, so nothing in a journal row can make a node build
/// an arbitrary type. <see cref="FromBinary"/> is a closed switch over the manifests; an unknown manifest, a
/// payload of the wrong shape, trailing bytes or any other corruption throws <see cref="SerializationException"/>
/// and nothing else.
/// </summary>
/// <remarks>
/// The manifests and the field layout are a storage format: never change the layout of an existing manifest. A
/// command whose fields change gets a new manifest (for example "ledger.set-weights.2") and the old one keeps
/// being read. Bound in HOCON (hocon/ledger-serialization.conf) to <see cref="ILedgerCommand"/>. The same layouts
/// carry the command inside a <see cref="SubmitCommand"/> on the wire (<see cref="Wire.LedgerWireSerializer"/> calls
/// <see cref="Write"/> and <see cref="Read"/>), so they are a wire format too.
/// </remarks>
public sealed class LedgerMessageSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored with every event (above Akka's own ids); never change it.</summary>
    public const int Id = 4107;

    public const string AdvanceBlockManifest = "ledger.advance-block";
    public const string EndowManifest = "ledger.endow";
    public const string TransferManifest = "ledger.transfer";
    public const string CreateSubnetManifest = "ledger.create-subnet";
    public const string BurnedRegisterManifest = "ledger.burned-register";
    public const string PowRegisterManifest = "ledger.pow-register";
    public const string ServeAxonManifest = "ledger.serve-axon";
    public const string AddStakeManifest = "ledger.add-stake";
    public const string RemoveStakeManifest = "ledger.remove-stake";
    public const string SetDelegateTakeManifest = "ledger.set-delegate-take";
    public const string SetWeightsManifest = "ledger.set-weights";
    public const string CommitWeightsManifest = "ledger.commit-weights";
    public const string RevealWeightsManifest = "ledger.reveal-weights";
    public const string SetHyperparameterManifest = "ledger.set-hyperparameter";

    /// <summary>Every manifest this serializer reads and writes.</summary>
    public static IReadOnlyList<string> Manifests { get; } =
    [
        AdvanceBlockManifest, EndowManifest, TransferManifest, CreateSubnetManifest, BurnedRegisterManifest,
        PowRegisterManifest, ServeAxonManifest, AddStakeManifest, RemoveStakeManifest, SetDelegateTakeManifest,
        SetWeightsManifest, CommitWeightsManifest, RevealWeightsManifest, SetHyperparameterManifest,
    ];

    public LedgerMessageSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o is ILedgerCommand command ? ManifestOf(command) : throw CannotSerialize(o);

    public override byte[] ToBinary(object obj)
    {
        if (obj is not ILedgerCommand command) throw CannotSerialize(obj);
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, command);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        MessagePackFrame.Decode(bytes, manifest, (ref MessagePackReader reader) => Read(ref reader, manifest));

    /// <summary>The manifest of a command (also how <see cref="Wire.LedgerWireSerializer"/> tags the command it carries).</summary>
    internal static string ManifestOf(ILedgerCommand command) => command switch
    {
        AdvanceBlock => AdvanceBlockManifest,
        Endow => EndowManifest,
        Transfer => TransferManifest,
        CreateSubnet => CreateSubnetManifest,
        BurnedRegister => BurnedRegisterManifest,
        PowRegister => PowRegisterManifest,
        ServeAxon => ServeAxonManifest,
        AddStake => AddStakeManifest,
        RemoveStake => RemoveStakeManifest,
        SetDelegateTake => SetDelegateTakeManifest,
        SetWeights => SetWeightsManifest,
        CommitWeights => CommitWeightsManifest,
        RevealWeights => RevealWeightsManifest,
        SetHyperparameter => SetHyperparameterManifest,
        _ => throw CannotSerialize(command),
    };

    /// <summary>Writes a command's fields as one MessagePack array (the layout of its manifest).</summary>
    internal static void Write(ref MessagePackWriter writer, ILedgerCommand command)
    {
        switch (command)
        {
            case AdvanceBlock:
                writer.WriteArrayHeader(0);
                break;
            case Endow c:
                writer.WriteArrayHeader(2);
                writer.Write(c.Coldkey);
                writer.Write(c.AmountRao);
                break;
            case Transfer c:
                writer.WriteArrayHeader(3);
                writer.Write(c.FromColdkey);
                writer.Write(c.ToColdkey);
                writer.Write(c.AmountRao);
                break;
            case CreateSubnet c:
                writer.WriteArrayHeader(1);
                writer.Write(c.OwnerColdkey);
                break;
            case BurnedRegister c:
                writer.WriteArrayHeader(3);
                writer.Write(c.NetUid);
                writer.Write(c.Coldkey);
                writer.Write(c.Hotkey);
                break;
            case PowRegister c:
                writer.WriteArrayHeader(5);
                writer.Write(c.NetUid);
                writer.Write(c.Coldkey);
                writer.Write(c.Hotkey);
                writer.Write(c.BlockNumber);
                writer.Write(c.Nonce);
                break;
            case ServeAxon c:
                writer.WriteArrayHeader(4);
                writer.Write(c.NetUid);
                writer.Write(c.Hotkey);
                writer.Write(c.Ip);
                writer.Write(c.Port);
                break;
            case AddStake c:
                writer.WriteArrayHeader(3);
                writer.Write(c.Coldkey);
                writer.Write(c.Hotkey);
                writer.Write(c.AmountRao);
                break;
            case RemoveStake c:
                writer.WriteArrayHeader(3);
                writer.Write(c.Coldkey);
                writer.Write(c.Hotkey);
                writer.Write(c.AmountRao);
                break;
            case SetDelegateTake c:
                writer.WriteArrayHeader(3);
                writer.Write(c.Coldkey);
                writer.Write(c.Hotkey);
                writer.Write(c.Take);
                break;
            case SetWeights c:
                writer.WriteArrayHeader(5);
                writer.Write(c.NetUid);
                writer.Write(c.Hotkey);
                WriteUInt16s(ref writer, c.Uids);
                WriteUInt16s(ref writer, c.Values);
                writer.Write(c.VersionKey);
                break;
            case CommitWeights c:
                writer.WriteArrayHeader(3);
                writer.Write(c.NetUid);
                writer.Write(c.Hotkey);
                writer.Write(c.CommitHash);
                break;
            case RevealWeights c:
                writer.WriteArrayHeader(6);
                writer.Write(c.NetUid);
                writer.Write(c.Hotkey);
                WriteUInt16s(ref writer, c.Uids);
                WriteUInt16s(ref writer, c.Values);
                WriteUInt16s(ref writer, c.Salt);
                writer.Write(c.VersionKey);
                break;
            case SetHyperparameter c:
                writer.WriteArrayHeader(4);
                writer.Write(c.NetUid);
                writer.Write(c.OwnerColdkey);
                writer.Write(c.Name);
                writer.Write(c.Value);
                break;
            default:
                throw CannotSerialize(command);
        }
    }

    /// <summary>
    /// Reads the command of <paramref name="manifest"/> at the reader's position; an unknown manifest or a payload of
    /// the wrong shape throws <see cref="SerializationException"/> (other reader failures are left to
    /// <see cref="MessagePackFrame.Decode{T}"/> to wrap).
    /// </summary>
    internal static ILedgerCommand Read(ref MessagePackReader reader, string manifest) => manifest switch
    {
        AdvanceBlockManifest => ReadAdvanceBlock(ref reader),
        EndowManifest => ReadEndow(ref reader),
        TransferManifest => ReadTransfer(ref reader),
        CreateSubnetManifest => ReadCreateSubnet(ref reader),
        BurnedRegisterManifest => ReadBurnedRegister(ref reader),
        PowRegisterManifest => ReadPowRegister(ref reader),
        ServeAxonManifest => ReadServeAxon(ref reader),
        AddStakeManifest => ReadAddStake(ref reader),
        RemoveStakeManifest => ReadRemoveStake(ref reader),
        SetDelegateTakeManifest => ReadSetDelegateTake(ref reader),
        SetWeightsManifest => ReadSetWeights(ref reader),
        CommitWeightsManifest => ReadCommitWeights(ref reader),
        RevealWeightsManifest => ReadRevealWeights(ref reader),
        SetHyperparameterManifest => ReadSetHyperparameter(ref reader),
        _ => throw new SerializationException($"Unknown ledger message manifest '{manifest}'."),
    };

    private static SerializationException CannotSerialize(object? o) =>
        new($"{nameof(LedgerMessageSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}.");

    private static AdvanceBlock ReadAdvanceBlock(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 0, AdvanceBlockManifest);
        return AdvanceBlock.Instance;
    }

    private static Endow ReadEndow(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 2, EndowManifest);
        return new Endow(ReadString(ref reader), reader.ReadUInt64());
    }

    private static Transfer ReadTransfer(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, TransferManifest);
        return new Transfer(ReadString(ref reader), ReadString(ref reader), reader.ReadUInt64());
    }

    private static CreateSubnet ReadCreateSubnet(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 1, CreateSubnetManifest);
        return new CreateSubnet(ReadString(ref reader));
    }

    private static BurnedRegister ReadBurnedRegister(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, BurnedRegisterManifest);
        return new BurnedRegister(reader.ReadUInt16(), ReadString(ref reader), ReadString(ref reader));
    }

    private static PowRegister ReadPowRegister(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, PowRegisterManifest);
        return new PowRegister(reader.ReadUInt16(), ReadString(ref reader), ReadString(ref reader), reader.ReadUInt64(), reader.ReadUInt64());
    }

    private static ServeAxon ReadServeAxon(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 4, ServeAxonManifest);
        return new ServeAxon(reader.ReadUInt16(), ReadString(ref reader), ReadString(ref reader), reader.ReadInt32());
    }

    private static AddStake ReadAddStake(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, AddStakeManifest);
        return new AddStake(ReadString(ref reader), ReadString(ref reader), reader.ReadUInt64());
    }

    private static RemoveStake ReadRemoveStake(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, RemoveStakeManifest);
        return new RemoveStake(ReadString(ref reader), ReadString(ref reader), reader.ReadUInt64());
    }

    private static SetDelegateTake ReadSetDelegateTake(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, SetDelegateTakeManifest);
        return new SetDelegateTake(ReadString(ref reader), ReadString(ref reader), reader.ReadUInt16());
    }

    private static SetWeights ReadSetWeights(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 5, SetWeightsManifest);
        return new SetWeights(reader.ReadUInt16(), ReadString(ref reader), ReadUInt16s(ref reader), ReadUInt16s(ref reader), reader.ReadUInt64());
    }

    private static CommitWeights ReadCommitWeights(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 3, CommitWeightsManifest);
        var netUid = reader.ReadUInt16();
        var hotkey = ReadString(ref reader);
        var hash = reader.ReadBytes() ?? throw new SerializationException($"Corrupt '{CommitWeightsManifest}' payload: the commit hash is nil.");
        return new CommitWeights(netUid, hotkey, hash.ToArray());
    }

    private static RevealWeights ReadRevealWeights(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 6, RevealWeightsManifest);
        return new RevealWeights(reader.ReadUInt16(), ReadString(ref reader), ReadUInt16s(ref reader), ReadUInt16s(ref reader),
            ReadUInt16s(ref reader), reader.ReadUInt64());
    }

    private static SetHyperparameter ReadSetHyperparameter(ref MessagePackReader reader)
    {
        ReadHeader(ref reader, 4, SetHyperparameterManifest);
        return new SetHyperparameter(reader.ReadUInt16(), ReadString(ref reader), ReadString(ref reader), ReadString(ref reader));
    }

    private static void ReadHeader(ref MessagePackReader reader, int fields, string manifest) =>
        MessagePackFrame.ReadHeader(ref reader, fields, manifest);

    private static string ReadString(ref MessagePackReader reader) => MessagePackFrame.ReadString(ref reader, "ledger command");

    private static void WriteUInt16s(ref MessagePackWriter writer, ushort[] values)
    {
        writer.WriteArrayHeader(values.Length);
        foreach (var value in values) writer.Write(value);
    }

    private static ushort[] ReadUInt16s(ref MessagePackReader reader)
    {
        // ReadArrayHeader refuses a count larger than the bytes left (each element takes at least one byte), so a
        // corrupt count cannot make this allocate more than the payload's size.
        var count = reader.ReadArrayHeader();
        var values = new ushort[count];
        for (var k = 0; k < count; k++) values[k] = reader.ReadUInt16();
        return values;
    }
}
