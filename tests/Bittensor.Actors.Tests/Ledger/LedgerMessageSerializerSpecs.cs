using System.Collections;
using System.Reflection;
using System.Runtime.Serialization;
using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// The ledger's event serializer: every <see cref="ILedgerCommand"/> type (found by reflection, so a new command
/// without serialization fails here) round-trips through it and through Akka's binding, and malformed input of
/// any kind is refused with <see cref="SerializationException"/> only.
/// </summary>
public sealed class LedgerMessageSerializerSpecs : IDisposable
{
    private const int FuzzCasesPerManifest = 2_000;

    private readonly ActorSystem _system;
    private readonly LedgerMessageSerializer _serializer;

    public LedgerMessageSerializerSpecs()
    {
        // The shipped persistence HOCON (its serializer binding is what is under test); nothing here touches the database.
        _system = ActorSystem.Create("serializer-specs", LedgerPersistenceConfig.Sqlite("unused.db"));
        _serializer = new LedgerMessageSerializer((ExtendedActorSystem)_system);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> CommandTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in LedgerCommandTypes()) data.Add(type.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandTypes))]
    public void Every_command_type_should_round_trip_through_the_serializer_and_akkas_binding(string typeName)
    {
        var type = LedgerCommandTypes().Single(t => t.Name == typeName);
        var random = new Random(typeName.GetHashCode(StringComparison.Ordinal));
        for (var sample = 0; sample < 20; sample++)
        {
            var command = CreateSample(type, random);

            var bound = _system.Serialization.FindSerializerFor(command);
            Assert.IsType<LedgerMessageSerializer>(bound);
            Assert.Equal(LedgerMessageSerializer.Id, bound.Identifier);

            var manifest = _serializer.Manifest(command);
            Assert.StartsWith("ledger.", manifest, StringComparison.Ordinal);
            var bytes = _serializer.ToBinary(command);
            var back = _serializer.FromBinary(bytes, manifest);

            Assert.IsType(type, back);
            AssertSameFields(command, back);
            Assert.Equal(bytes, _serializer.ToBinary(back));
        }
    }

    [Fact]
    public void Manifests_should_be_distinct_and_one_per_command_type()
    {
        var random = new Random(7);
        var manifests = LedgerCommandTypes().Select(t => _serializer.Manifest(CreateSample(t, random))).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(manifests.Order(StringComparer.Ordinal), LedgerMessageSerializer.Manifests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_manifest_should_throw_a_SerializationException()
    {
        var bytes = _serializer.ToBinary(new Endow("alice", 5));
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "ledger.no-such-command"));
        Assert.Contains("ledger.no-such-command", error.Message, StringComparison.Ordinal);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, "Bittensor.Ledger.Endow, Bittensor.Actors"));
    }

    [Fact]
    public void A_payload_with_trailing_bytes_or_the_wrong_shape_should_throw_a_SerializationException()
    {
        var bytes = _serializer.ToBinary(new Endow("alice", 5));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary([.. bytes, 0x01], LedgerMessageSerializer.EndowManifest));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes, LedgerMessageSerializer.TransferManifest));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary([], LedgerMessageSerializer.AdvanceBlockManifest));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary([0x92, 0xc0, 0x05], LedgerMessageSerializer.EndowManifest)); // nil key
    }

    [Fact]
    public void Serializing_something_that_is_not_a_ledger_command_should_throw_a_SerializationException()
    {
        Assert.Throws<SerializationException>(() => _serializer.ToBinary("not a command"));
        Assert.Throws<SerializationException>(() => _serializer.Manifest(42));
    }

    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var manifest in LedgerMessageSerializer.Manifests) data.Add(manifest);
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Random_and_mutated_payloads_should_only_ever_throw_SerializationException(string manifest)
    {
        var random = new Random(manifest.Length * 7919 + manifest[^1]);
        var type = LedgerCommandTypes().Single(t => _serializer.Manifest(CreateSample(t, new Random(1))) == manifest);
        for (var k = 0; k < FuzzCasesPerManifest; k++)
        {
            var bytes = (k % 4) switch
            {
                0 => RandomBytes(random),
                _ => Mutate(_serializer.ToBinary(CreateSample(type, random)), random),
            };
            try
            {
                var back = _serializer.FromBinary(bytes, manifest);
                Assert.IsType(type, back); // a mutation that still decodes must decode to the manifest's type
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

    internal static IReadOnlyList<Type> LedgerCommandTypes() =>
        typeof(ILedgerCommand).Assembly.GetTypes()
            .Where(t => typeof(ILedgerCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>An instance of a command type with random field values, through its widest public constructor.</summary>
    private static ILedgerCommand CreateSample(Type type, Random random)
    {
        if (type == typeof(AdvanceBlock)) return AdvanceBlock.Instance;
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .First();
        var arguments = constructor.GetParameters().Select(p => RandomValue(p.ParameterType, random, $"{type.Name}.{p.Name}")).ToArray();
        return (ILedgerCommand)constructor.Invoke(arguments);
    }

    private static object RandomValue(Type type, Random random, string what)
    {
        if (type == typeof(string))
        {
            string[] special = ["", "ünïcødé-κλειδί-🔑", new string('x', 300), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"];
            return random.Next(4) == 0 ? special[random.Next(special.Length)] : $"key-{random.Next()}";
        }
        if (type == typeof(ulong)) return random.Next(3) == 0 ? ulong.MaxValue - (ulong)random.Next(3) : (ulong)random.NextInt64();
        if (type == typeof(ushort)) return (ushort)random.Next(ushort.MaxValue + 1);
        if (type == typeof(int)) return random.Next(int.MinValue, int.MaxValue);
        if (type == typeof(ushort[])) return Enumerable.Range(0, random.Next(0, 40)).Select(_ => (ushort)random.Next(ushort.MaxValue + 1)).ToArray();
        if (type == typeof(byte[])) return RandomBytes(random);
        throw new InvalidOperationException($"No sample generator for {what} of type {type.Name}: extend the specs (and the serializer).");
    }

    private static void AssertSameFields(object expected, object actual)
    {
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.Name == "EqualityContract") continue;
            var a = property.GetValue(expected);
            var b = property.GetValue(actual);
            if (a is IEnumerable first and not string && b is IEnumerable second)
                Assert.Equal(first.Cast<object>(), second.Cast<object>());
            else
                Assert.Equal(a, b);
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), bytes.Count - random.Next(bytes.Count) > 0 ? 1 : 0);
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    // A large or special MessagePack marker (array32, str32, bin32, map, ext) where a field begins.
                    byte[] markers = [0xdd, 0xdb, 0xc6, 0xdf, 0xc7, 0xd4, 0xcf, 0xd3, 0xc0, 0xc1];
                    bytes.Insert(random.Next(bytes.Count + 1), markers[random.Next(markers.Length)]);
                    break;
            }
        }
        return bytes.ToArray();
    }
}
