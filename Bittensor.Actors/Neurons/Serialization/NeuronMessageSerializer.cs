using System.Buffers;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Bittensor.Neurons.Scoring;
using Bittensor.Serialization;
using MessagePack;

namespace Bittensor.Neurons.Serialization;

/// <summary>
/// The MessagePack serializer of <see cref="INeuronMessage"/>s (id <see cref="Id"/>), bound in
/// hocon/neuron-serialization.conf. Every count and length is bounded and checked on read, and every failure is a
/// <see cref="SerializationException"/> (Akka.Remote then drops the message and keeps the association).
/// </summary>
public sealed class NeuronMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's id; fixed, above the ledger's (4107, 4108, 4110) and the protocol's (4109).</summary>
    public const int Id = 4111;

    public const string ValidatorSteppedManifest = "neuron.validator-stepped";

    // A subnet has at most 65536 uids; a failure reason is a short text.
    private const int MaxUids = 65536;
    private const int MaxReasonLength = 4096;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ValidatorStepped => ValidatorSteppedManifest,
        _ => throw new SerializationException($"{nameof(NeuronMessageSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}."),
    };

    public override byte[] ToBinary(object obj)
    {
        if (obj is not ValidatorStepped m)
        {
            throw new SerializationException($"{nameof(NeuronMessageSerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}.");
        }

        var buffer = new ArrayBufferWriter<byte>(64 + (8 * m.Queried.Count));
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(m.Block);
        writer.WriteArrayHeader(m.Queried.Count);
        foreach (var uid in m.Queried) writer.Write(uid);
        // Sorted, so equal messages give equal bytes.
        writer.WriteMapHeader(m.Failures.Count);
        foreach (var (uid, reason) in m.Failures.OrderBy(f => f.Key))
        {
            writer.Write(uid);
            writer.Write(reason);
        }

        if (m.WeightsSent is { } row)
        {
            writer.WriteArrayHeader(2);
            WriteU16s(ref writer, row.Uids);
            WriteU16s(ref writer, row.Values);
        }
        else
        {
            writer.WriteNil();
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        manifest == ValidatorSteppedManifest
            ? MessagePackFrame.Decode(bytes, manifest, ReadValidatorStepped)
            : throw new SerializationException($"Unknown neuron message manifest '{manifest}'; known: {ValidatorSteppedManifest}.");

    private static ValidatorStepped ReadValidatorStepped(ref MessagePackReader reader)
    {
        MessagePackFrame.ReadHeader(ref reader, 4, "validator-stepped");
        var block = reader.ReadUInt64();
        var queried = new int[Count(reader.ReadArrayHeader(), "queried uids")];
        for (var k = 0; k < queried.Length; k++) queried[k] = Uid(reader.ReadInt32());
        var failures = new Dictionary<int, string>();
        var failed = Count(reader.ReadMapHeader(), "failures");
        for (var k = 0; k < failed; k++)
        {
            var uid = Uid(reader.ReadInt32());
            var reason = MessagePackFrame.ReadString(ref reader, "validator-stepped failure");
            if (reason.Length > MaxReasonLength) throw new SerializationException($"Corrupt payload: a failure reason of {reason.Length} chars.");
            if (!failures.TryAdd(uid, reason)) throw new SerializationException($"Corrupt payload: uid {uid} fails twice.");
        }

        WeightsRow? row = null;
        if (!reader.TryReadNil())
        {
            MessagePackFrame.ReadHeader(ref reader, 2, "weights row");
            var uids = ReadU16s(ref reader);
            var values = ReadU16s(ref reader);
            if (uids.Length != values.Length) throw new SerializationException($"Corrupt payload: {uids.Length} weight uids but {values.Length} values.");
            row = new WeightsRow(uids, values);
        }

        return new ValidatorStepped(block, queried, failures, row);
    }

    private static void WriteU16s(ref MessagePackWriter writer, ushort[] values)
    {
        writer.WriteArrayHeader(values.Length);
        foreach (var value in values) writer.Write(value);
    }

    private static ushort[] ReadU16s(ref MessagePackReader reader)
    {
        var values = new ushort[Count(reader.ReadArrayHeader(), "weights")];
        for (var k = 0; k < values.Length; k++) values[k] = reader.ReadUInt16();
        return values;
    }

    private static int Count(int count, string what) =>
        count <= MaxUids ? count : throw new SerializationException($"Corrupt payload: {count} {what}, more than a subnet's {MaxUids} uids.");

    private static int Uid(int uid) =>
        uid is >= 0 and < MaxUids ? uid : throw new SerializationException($"Corrupt payload: uid {uid} is outside [0, {MaxUids}).");
}
