using System.Runtime.Serialization;
using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// <see cref="LedgerState.ToSnapshot"/> → <see cref="LedgerSnapshotSerializer"/> → <see cref="LedgerState.FromSnapshot"/>
/// on seeded random ledgers (<see cref="RandomLedgerCommands"/>): the restored state has the original's
/// <see cref="LedgerState.StateHash"/> and then answers every further command exactly as the original does; the
/// payload is refused with <see cref="SerializationException"/> only, whatever is wrong with it.
/// </summary>
public sealed class LedgerSnapshotSpecs
{
    private const int BlocksBeforeSnapshot = 200;
    private const int BlocksAfterSnapshot = 200;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_restored_snapshot_should_have_the_same_hash_and_apply_further_commands_identically(int seed)
    {
        var stream = new RandomLedgerCommands(seed);
        var original = new LedgerState();
        foreach (var command in stream.Genesis())
        {
            var outcome = original.Apply(command);
            Assert.True(outcome.Accepted, $"seed {seed}: genesis command {command} was refused: {outcome.Error}");
            stream.Observe(command, outcome);
        }
        while (original.Block < BlocksBeforeSnapshot)
        {
            var command = stream.Next(original);
            stream.Observe(command, original.Apply(command));
        }

        var bytes = LedgerSnapshotSerializer.Serialize(original.ToSnapshot());
        var restored = LedgerState.FromSnapshot(LedgerSnapshotSerializer.Deserialize(bytes));
        Assert.Equal(original.StateHash(), restored.StateHash());
        Assert.Equal(original.SumOfHoldings(), restored.SumOfHoldings());
        Assert.Equal(bytes, LedgerSnapshotSerializer.Serialize(restored.ToSnapshot())); // the layout is canonical

        var commands = 0;
        while (original.Block < BlocksBeforeSnapshot + BlocksAfterSnapshot)
        {
            var command = stream.Next(original);
            var expected = original.Apply(command);
            var actual = restored.Apply(command);
            commands++;
            Assert.True(expected == actual, $"seed {seed}, command {commands} ({command}): original {expected}, restored {actual}");
            Assert.True(original.StateHash() == restored.StateHash(), $"seed {seed}: the states diverge after command {commands} ({command})");
            stream.Observe(command, expected);
        }
    }

    [Fact]
    public void Random_ledgers_should_exercise_every_part_of_a_snapshot()
    {
        // Guards the test above: its snapshots hold stake, weights, bonds, axons, commits and epoch outputs, so a field
        // that FromSnapshot forgot would change the hash.
        var stream = new RandomLedgerCommands(1);
        var state = new LedgerState();
        foreach (var command in stream.Genesis()) stream.Observe(command, state.Apply(command));
        var (weights, bonds, axons, commits, permits, emission, stakes) = (false, false, false, false, false, false, false);
        while (state.Block < BlocksBeforeSnapshot)
        {
            var command = stream.Next(state);
            stream.Observe(command, state.Apply(command));
            var snapshot = state.ToSnapshot();
            var neurons = snapshot.Subnets.SelectMany(s => s.Neurons).ToList();
            weights |= neurons.Any(n => n.Weights.Count > 0);
            bonds |= neurons.Any(n => n.Bonds.Count > 0);
            axons |= neurons.Any(n => n.AxonIp is not null);
            permits |= neurons.Any(n => n.ValidatorPermit);
            emission |= neurons.Any(n => n.EmissionRao > 0);
            commits |= snapshot.Subnets.Any(s => s.Commits.Count > 0);
            stakes |= snapshot.Hotkeys.Any(h => h.Stakes.Count > 1);
        }
        Assert.True(weights && bonds && axons && commits && permits && emission && stakes,
            $"weights {weights}, bonds {bonds}, axons {axons}, commits {commits}, permits {permits}, emission {emission}, nominators {stakes}");
    }

    [Fact]
    public void Hyperparameters_that_depend_on_each_other_should_be_restored_whatever_their_order()
    {
        // min_burn above the default max_burn and alpha_low above the default alpha_high: each is refused until the
        // other is in place, and Names lists the lower bound first.
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet("owner",
            ("max_burn", "900000000000"), ("min_burn", "200000000000"), ("burn", "300000000000"),
            ("liquid_alpha_enabled", "true"), ("alpha_high", "65000"), ("alpha_low", "60000"));
        var original = fixture.Ledger;
        Assert.Equal("200000000000", original.Subnets[netUid].Hyperparameters.Get("min_burn"));

        var restored = LedgerState.FromSnapshot(LedgerSnapshotSerializer.Deserialize(LedgerSnapshotSerializer.Serialize(original.ToSnapshot())));

        Assert.Equal(original.Subnets[netUid].Hyperparameters, restored.Subnets[netUid].Hyperparameters);
        Assert.Equal(original.StateHash(), restored.StateHash());
    }

    [Fact]
    public void A_snapshot_should_not_change_when_the_ledger_goes_on()
    {
        var fixture = LedgerFixture.ValidatedSubnet(miners: 2);
        var snapshot = fixture.Ledger.ToSnapshot();
        var hash = fixture.Ledger.StateHash();
        fixture.SetWeights(1, LedgerFixture.ValidatorHot, [1, 2], [1, 3]).StepEpochs(1, 2).Endow("late", 5);
        Assert.NotEqual(hash, fixture.Ledger.StateHash());
        Assert.Equal(hash, LedgerState.FromSnapshot(snapshot).StateHash());
    }

    [Fact]
    public void A_corrupt_payload_should_be_refused_with_a_SerializationException_only()
    {
        var bytes = SnapshotBytes(seed: 3, blocks: 60);
        Assert.Equal(LedgerSnapshotSerializer.Serialize(LedgerSnapshotSerializer.Deserialize(bytes)), bytes);

        // Every truncation, and trailing bytes.
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<SerializationException>(() => LedgerSnapshotSerializer.Deserialize(truncated));
        }
        Assert.Throws<SerializationException>(() => LedgerSnapshotSerializer.Deserialize([.. bytes, 0]));

        // Random corruption: refused with SerializationException, or (where the bytes happen to stay well formed) read.
        var random = new Random(42);
        for (var k = 0; k < 3_000; k++)
        {
            var corrupt = bytes.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--) corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            try
            {
                LedgerSnapshotSerializer.Deserialize(corrupt);
            }
            catch (SerializationException)
            {
            }
        }
        var garbage = new byte[256];
        random.NextBytes(garbage);
        Assert.Throws<SerializationException>(() => LedgerSnapshotSerializer.Deserialize(garbage));
    }

    [Fact]
    public async Task The_shipped_configuration_should_bind_snapshots_to_the_snapshot_serializer()
    {
        var system = ActorSystem.Create("snapshot-serializer-specs", LedgerPersistenceConfig.Sqlite("unused.db"));
        try
        {
            var snapshot = LedgerFixture.ValidatedSubnet().Ledger.ToSnapshot();
            var serializer = system.Serialization.FindSerializerFor(snapshot);
            Assert.IsType<LedgerSnapshotSerializer>(serializer);
            Assert.Equal(LedgerSnapshotSerializer.Id, serializer.Identifier);

            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, snapshot);
            Assert.Equal(LedgerSnapshotSerializer.SnapshotManifest, manifest);
            var back = (LedgerSnapshot)system.Serialization.Deserialize(serializer.ToBinary(snapshot), serializer.Identifier, manifest);
            Assert.Equal(LedgerState.FromSnapshot(snapshot).StateHash(), LedgerState.FromSnapshot(back).StateHash());

            var snapshotSerializer = (LedgerSnapshotSerializer)serializer;
            Assert.Throws<SerializationException>(() => snapshotSerializer.FromBinary(serializer.ToBinary(snapshot), "ledger.other"));
            Assert.Throws<SerializationException>(() => snapshotSerializer.ToBinary(new Endow("a", 1)));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static byte[] SnapshotBytes(int seed, int blocks)
    {
        var stream = new RandomLedgerCommands(seed);
        var state = new LedgerState();
        foreach (var command in stream.Genesis()) stream.Observe(command, state.Apply(command));
        while (state.Block < (ulong)blocks)
        {
            var command = stream.Next(state);
            stream.Observe(command, state.Apply(command));
        }
        return LedgerSnapshotSerializer.Serialize(state.ToSnapshot());
    }
}
