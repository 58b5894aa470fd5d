using Bittensor.Consensus;

namespace Bittensor.Tests.Consensus;

public sealed partial class EpochPropertySpecs
{
    // == (h) Malformed input ==

    /// <summary>
    /// One corruption of a valid state or of valid hyperparameters, and the field or parameter the error must name.
    /// </summary>
    private sealed record Corruption(string Field, bool OfHyperparameters, Func<RandomEpoch, Random, RandomEpoch> Apply);

    private static readonly Dictionary<string, Corruption> Corruptions = new()
    {
        ["stake shorter than n"] = State("Stake", (e, _) => e.State with { Stake = e.State.Stake[..^1] }),
        ["stake longer than n"] = State("Stake", (e, _) => e.State with { Stake = [.. e.State.Stake, 5] }),
        ["stake missing"] = State("Stake", (e, _) => e.State with { Stake = null! }),
        ["total stake above i64 max"] = State("Stake", (e, _) => e.State with { Stake = [(ulong)long.MaxValue + 1, .. e.State.Stake[1..]] }),
        ["block at registration longer than n"] = State("BlockAtRegistration", (e, _) => e.State with { BlockAtRegistration = [.. e.State.BlockAtRegistration, 1] }),
        ["last update longer than n"] = State("LastUpdate", (e, _) => e.State with { LastUpdate = new ulong[e.State.N + 1] }),
        ["validator permit longer than n"] = State("ValidatorPermit", (e, _) => e.State with { ValidatorPermit = new bool[e.State.N + 1] }),
        ["commit blocks longer than n"] = State("CommitBlock", (e, _) => e.State with { CommitBlock = new ulong[e.State.N + 1] }),
        ["commit blocks missing"] = State("CommitBlock", (e, _) => e.State with { CommitBlock = null! }),
        ["weights with more rows than n"] = State("Weights", (e, _) => e.State with { Weights = SparseRows<ushort>.Empty(e.State.N + 1) }),
        ["weights missing"] = State("Weights", (e, _) => e.State with { Weights = null! }),
        ["bonds with more rows than n"] = State("Bonds", (e, _) => e.State with { Bonds = SparseRows<ushort>.Empty(e.State.N + 2) }),
        ["a uid twice in a weights row"] = State("Weights", (e, r) => e.State with { Weights = WithDuplicate(e.State.Weights, e.State.N, r) }),
        ["a uid twice in a bonds row"] = State("Bonds", (e, r) => e.State with { Bonds = WithDuplicate(e.State.Bonds, e.State.N, r) }),
        ["a negative uid in a weights row"] = State("Weights", (e, r) => e.State with { Weights = RandomEpochStates.WithRow(e.State.Weights, r.Next(e.State.N), [(-1, 100)]) }),
        ["a negative uid in a bonds row"] = State("Bonds", (e, r) => e.State with { Bonds = RandomEpochStates.WithRow(e.State.Bonds, r.Next(e.State.N), [(0, 1), (-3, 100)]) }),
        ["owner uid not below n"] = State("OwnerUid", (e, _) => e.State with { OwnerUid = (ushort)e.State.N }),
        ["negative n"] = State("N", (e, _) => e.State with { N = -1 }),
        ["n above 65536"] = State("N", (e, _) => e.State with { N = ushort.MaxValue + 2 }),
        ["kappa 70000"] = Hyper("Kappa", h => h with { Kappa = 70_000 }),
        ["kappa negative"] = Hyper("Kappa", h => h with { Kappa = -1 }),
        ["bonds moving average 2000000"] = Hyper("BondsMovingAverage", h => h with { BondsMovingAverage = 2_000_000 }),
        ["alpha low above alpha high"] = Hyper("AlphaLow", h => h with { AlphaLow = 50_000, AlphaHigh = 40_000 }),
        ["alpha high 70000"] = Hyper("AlphaHigh", h => h with { AlphaHigh = 70_000 }),
        ["tempo negative"] = Hyper("Tempo", h => h with { Tempo = -1 }),
        ["rho 70000"] = Hyper("Rho", h => h with { Rho = 70_000 }),
        ["bonds penalty 65536"] = Hyper("BondsPenalty", h => h with { BondsPenalty = 65_536 }),
        ["max allowed validators negative"] = Hyper("MaxAllowedValidators", h => h with { MaxAllowedValidators = -1 }),
        ["alpha sigmoid steepness 40000"] = Hyper("AlphaSigmoidSteepness", h => h with { AlphaSigmoidSteepness = 40_000 }),
        ["an undefined consensus variant"] = Hyper("Consensus", h => h with { Consensus = (ConsensusVariant)7 }),
    };

    public static TheoryData<string> CorruptionNames => new(Corruptions.Keys);

    [Theory]
    [MemberData(nameof(CorruptionNames))]
    public void Run_should_throw_an_error_naming_the_field_when_the_input_is_malformed(string corruption)
    {
        var (field, ofHyperparameters, apply) = Corruptions[corruption];
        // Thirty random states per corruption: the error must not depend on what the rest of the state holds.
        for (var seed = 8_000; seed < 8_030; seed++)
        {
            var malformed = apply(RandomEpochStates.Create(seed), new Random(seed));
            var error = Record.Exception(() => malformed.Run());

            Assert.True(error is not null, $"seed {seed}: no exception for {corruption}");
            if (ofHyperparameters)
            {
                var e = Assert.IsType<HyperparameterException>(error);
                Assert.Equal(field, e.Parameter);
                Assert.Contains(field, e.Message, StringComparison.Ordinal);
            }
            else
            {
                var e = Assert.IsType<EpochInputException>(error);
                Assert.Equal(field, e.Field);
                Assert.Contains(field, e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static Corruption State(string field, Func<RandomEpoch, Random, EpochState> corrupt) =>
        new(field, false, (epoch, rng) => epoch.WithState(corrupt(epoch, rng)));

    private static Corruption Hyper(string field, Func<Hyperparameters, Hyperparameters> corrupt) =>
        new(field, true, (epoch, _) => epoch with { Hyperparameters = corrupt(epoch.Hyperparameters) });

    private static SparseRows<ushort> WithDuplicate(SparseRows<ushort> rows, int n, Random rng)
    {
        var uid = rng.Next(n);
        return RandomEpochStates.WithRow(rows, rng.Next(n), [(uid, 7), (n, 1), (uid, 9)]);
    }
}
