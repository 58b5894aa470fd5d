using System.Text;
using System.Text.Json;
using Bittensor.Consensus;

namespace Bittensor.Tests.Consensus;

/// <summary>One seeded random epoch: the seed that rebuilds it, its hyperparameters and its state.</summary>
internal sealed record RandomEpoch(int Seed, Hyperparameters Hyperparameters, EpochState State)
{
    public EpochTerms Run() => Epoch.Run(Hyperparameters, State);

    public RandomEpoch WithState(EpochState state) => this with { State = state };

    /// <summary>
    /// The epoch as one case of the conformance schema (shared/conformance/README.md), so that a failing state can be
    /// fed to <c>Bittensor.Sim epoch --input</c> or to any other implementation as it is.
    /// </summary>
    public string ToConformanceCase()
    {
        var h = Hyperparameters;
        var s = State;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", $"random epoch, seed {Seed}");
            json.WriteStartObject("hyperparameters");
            json.WriteNumber("tempo", h.Tempo);
            json.WriteNumber("activity_cutoff_blocks", h.ActivityCutoffBlocks);
            json.WriteNumber("kappa_u16", h.Kappa);
            json.WriteNumber("rho_u16", h.Rho);
            json.WriteNumber("bonds_moving_average", h.BondsMovingAverage);
            json.WriteNumber("bonds_penalty_u16", h.BondsPenalty);
            json.WriteNumber("max_allowed_validators", h.MaxAllowedValidators);
            json.WriteBoolean("liquid_alpha_enabled", h.LiquidAlphaEnabled);
            json.WriteNumber("alpha_low_u16", h.AlphaLow);
            json.WriteNumber("alpha_high_u16", h.AlphaHigh);
            json.WriteNumber("alpha_sigmoid_steepness", h.AlphaSigmoidSteepness);
            json.WriteBoolean("yuma3_enabled", h.Yuma3Enabled);
            json.WriteNumber("stake_threshold", h.StakeThreshold);
            json.WriteBoolean("commit_reveal_enabled", h.CommitRevealEnabled);
            json.WriteString("consensus", h.Consensus == ConsensusVariant.Yc1Sigmoid ? "yc1" : "yuma");
            if (s.OwnerUid is { } owner) json.WriteNumber("owner_uid", owner);
            else json.WriteNull("owner_uid");
            json.WriteNumber("last_mechanism_step_block", s.LastMechanismStepBlock);
            json.WriteNumber("rao_emission", s.RaoEmission);
            json.WriteEndObject();

            json.WriteStartArray("steps");
            json.WriteStartObject();
            json.WriteStartObject("input_state");
            json.WriteNumber("n", s.N);
            json.WriteNumber("current_block", s.CurrentBlock);
            WriteNumbers(json, "stake", s.Stake);
            WriteRows(json, "weights", s.Weights);
            WriteRows(json, "bonds", s.Bonds);
            WriteNumbers(json, "last_update", s.LastUpdate);
            WriteNumbers(json, "block_at_registration", s.BlockAtRegistration);
            json.WriteStartArray("validator_permit");
            foreach (var permit in s.ValidatorPermit) json.WriteBooleanValue(permit);
            json.WriteEndArray();
            WriteNumbers(json, "commit_block", s.CommitBlock);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override string ToString() => $"seed {Seed}";

    private static void WriteNumbers(Utf8JsonWriter json, string name, ulong[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteNumberValue(value);
        json.WriteEndArray();
    }

    private static void WriteRows(Utf8JsonWriter json, string name, SparseRows<ushort> rows)
    {
        json.WriteStartArray(name);
        for (var i = 0; i < rows.RowCount; i++)
        {
            json.WriteStartArray();
            foreach (var (column, value) in rows.Row(i))
            {
                json.WriteStartArray();
                json.WriteNumberValue(column);
                json.WriteNumberValue(value);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}

/// <summary>
/// Seeded random epochs that reach the chain's corners (yuma-spec §2, §10): zero stakes, stakes under the threshold,
/// sparse weight rows in the validator's order with explicit zeros, self-weights and uids ≥ n, stored bonds,
/// validators whose last weights are past the activity cutoff or older than a miner's registration, permit and
/// last-update vectors shorter than n, commit blocks, every consensus and bond model, β of 0, 1 or between, an
/// owner or none. Every generated state is valid: <see cref="EpochState.Validate"/> accepts it.
/// </summary>
internal static class RandomEpochStates
{
    /// <summary>The largest subnet generated: small enough for hundreds of epochs per property in well under a second.</summary>
    public const int MaxN = 64;

    public static RandomEpoch Create(int seed)
    {
        var rng = new Random(seed);
        var n = rng.Next(1, MaxN + 1);
        var block = (ulong)rng.Next(0, 20_000);
        var cutoff = Pick(rng, 5000UL, (ulong)rng.Next(1, 3000), (ulong)rng.Next(0, 50));
        var stake = RandomStakes(rng, n);
        ushort? owner = rng.Next(2) == 0 ? (ushort)rng.Next(n) : null;

        var variant = rng.Next(5);
        var yuma3 = variant is 1 or 2 || (variant == 4 && rng.Next(2) == 0);
        var alphaLow = rng.Next(2) == 0 ? 45875 : rng.Next(0, 65536);
        var hyperparameters = new Hyperparameters
        {
            Tempo = Pick(rng, 360, rng.Next(0, 1000), 1),
            ActivityCutoffBlocks = cutoff,
            Kappa = rng.Next(5) < 3 ? 32767 : rng.Next(0, 65536),
            Rho = rng.Next(2) == 0 ? 10 : rng.Next(0, 1000),
            BondsMovingAverage = Pick(rng, 900_000UL, 975_000UL, 0UL, 1_000_000UL, (ulong)rng.Next(0, 1_000_001)),
            BondsPenalty = Pick(rng, 0, 65535, rng.Next(1, 65535)),
            MaxAllowedValidators = rng.Next(5) == 0 ? 128 : rng.Next(0, n + 8),
            StakeThreshold = rng.Next(10) < 7 ? 0 : Pick(rng, stake[rng.Next(n)], (ulong)rng.NextInt64(0, 1_000_000_000)),
            Yuma3Enabled = yuma3,
            LiquidAlphaEnabled = variant == 2 || (variant == 4 && rng.Next(2) == 0),
            AlphaLow = alphaLow,
            AlphaHigh = rng.Next(2) == 0 && alphaLow <= 58982 ? 58982 : rng.Next(alphaLow, 65536),
            AlphaSigmoidSteepness = rng.Next(2) == 0 ? 1000 : rng.Next(0, short.MaxValue + 1),
            CommitRevealEnabled = rng.Next(2) == 0,
            Consensus = variant >= 3 ? ConsensusVariant.Yc1Sigmoid : ConsensusVariant.Yuma,
        };

        var state = new EpochState
        {
            N = n,
            CurrentBlock = block,
            Stake = stake,
            Weights = RandomRows(rng, n, WeightRow),
            Bonds = RandomRows(rng, n, BondRow),
            LastUpdate = RandomLastUpdate(rng, n, block, cutoff),
            BlockAtRegistration = Enumerable.Range(0, n)
                .Select(_ => (ulong)(rng.Next(10) < 7 ? rng.Next(0, (int)(block / 2) + 1) : rng.Next(0, (int)block + 1)))
                .ToArray(),
            ValidatorPermit = Enumerable.Range(0, ShorterSometimes(rng, n)).Select(_ => rng.Next(10) < 6).ToArray(),
            OwnerUid = owner,
            LastMechanismStepBlock = rng.Next(10) < 6 ? 0 : (ulong)rng.Next(0, (int)block + 1),
            CommitBlock = rng.Next(2) == 0
                ? []
                : Enumerable.Range(0, ShorterSometimes(rng, n))
                    .Select(_ => rng.Next(10) < 4 ? ulong.MaxValue : (ulong)rng.Next(0, (int)block + 1))
                    .ToArray(),
            RaoEmission = Pick(rng, 1_000_000_000UL, 1_000_000_000UL, 1_000UL, (ulong)rng.NextInt64(0, 1L << 50), 0UL, (ulong)rng.NextInt64(1L << 62, long.MaxValue)),
        };
        return new RandomEpoch(seed, hyperparameters, state.Validate());
    }

    /// <summary>A weight row as <c>set_weights</c> may have stored it (see <see cref="WeightRow"/>), for replacing one.</summary>
    public static IReadOnlyList<(int Column, ushort Value)> RandomWeightRow(Random rng, int n, int row) => WeightRow(rng, n, row);

    /// <summary>The rows of a matrix as lists, to edit.</summary>
    public static List<List<(int Column, ushort Value)>> ToLists(SparseRows<ushort> rows) =>
        Enumerable.Range(0, rows.RowCount).Select(i => rows.Row(i).ToList()).ToList();

    /// <summary><paramref name="rows"/> with row <paramref name="row"/> replaced, padded with empty rows to reach it.</summary>
    public static SparseRows<ushort> WithRow(SparseRows<ushort> rows, int row, IReadOnlyList<(int Column, ushort Value)> entries)
    {
        var lists = ToLists(rows);
        while (lists.Count <= row) lists.Add([]);
        lists[row] = entries.ToList();
        return SparseRows<ushort>.FromRows(lists);
    }

    private static ulong[] RandomStakes(Random rng, int n)
    {
        // One state in ten has no stake at all: the epoch must then emit nothing and throw nothing.
        if (rng.Next(10) == 0) return new ulong[n];
        var huge = rng.Next(20) == 0; // stakes near 2^56: the I64F64 normalisation's large end, total still < 2^63
        return Enumerable.Range(0, n).Select(_ => rng.Next(4) == 0 ? 0UL : rng.Next(huge ? 5 : 4) switch
        {
            0 => (ulong)rng.NextInt64(1, 1_000),
            1 => (ulong)rng.NextInt64(1, 1_000_000_000),
            2 => (ulong)rng.NextInt64(1, 1_000_000_000_000),
            3 => (ulong)rng.Next(1, 20) * 1_000_000_000UL, // equal stakes: ties in the top-K and the median
            _ => (ulong)rng.NextInt64(1L << 55, 1L << 56),
        }).ToArray();
    }

    /// <summary>Last weights: some recent, some past the activity cutoff, some at any block; the vector may be short.</summary>
    private static ulong[] RandomLastUpdate(Random rng, int n, ulong block, ulong cutoff) =>
        Enumerable.Range(0, ShorterSometimes(rng, n)).Select(_ => rng.Next(3) switch
        {
            0 => block - Math.Min(block, (ulong)rng.NextInt64(0, (long)cutoff + 1)),
            1 => block - Math.Min(block, cutoff + (ulong)rng.Next(1, 1000)),
            _ => (ulong)rng.Next(0, (int)block + 1),
        }).ToArray();

    /// <summary>n most of the time; otherwise any length below n, zero included (the chain's short vectors, §10.12).</summary>
    private static int ShorterSometimes(Random rng, int n) => rng.Next(100) < 85 ? n : rng.Next(0, n);

    private static SparseRows<ushort> RandomRows(Random rng, int n, Func<Random, int, int, IReadOnlyList<(int, ushort)>> row)
    {
        var count = rng.Next(100) < 85 ? n : rng.Next(0, n + 1);
        return SparseRows<ushort>.FromRows(Enumerable.Range(0, count).Select(i => row(rng, n, i)).ToList());
    }

    /// <summary>
    /// A stored weight row: distinct uids (a few ≥ n, which the epoch ignores) in the validator's order or sorted,
    /// sometimes a self-weight, explicit zeros, and half the time max-upscaled as <c>set_weights</c> stores it.
    /// </summary>
    private static IReadOnlyList<(int, ushort)> WeightRow(Random rng, int n, int row)
    {
        if (rng.Next(4) == 0) return [];
        var columns = DistinctColumns(rng, n, rng.Next(1, n + 4));
        if (rng.Next(6) == 0 && !columns.Contains(row)) columns[rng.Next(columns.Count)] = row;
        if (rng.Next(2) == 0) columns.Sort();
        var values = columns.Select(_ => rng.Next(7) == 0 ? (ushort)0 : (ushort)rng.Next(1, 65536)).ToArray();
        if (rng.Next(2) == 0) values = EpochMath.VecU16MaxUpscaleToU16(values);
        return columns.Select((column, k) => (column, values[k])).ToList();
    }

    /// <summary>A stored bond row: distinct uids, usually in ascending order as the epoch writes them.</summary>
    private static IReadOnlyList<(int, ushort)> BondRow(Random rng, int n, int row)
    {
        if (rng.Next(10) < 4) return [];
        var columns = DistinctColumns(rng, n, rng.Next(1, n + 4));
        if (rng.Next(5) != 0) columns.Sort();
        return columns.Select(column => (column, rng.Next(20) == 0 ? (ushort)0 : (ushort)rng.Next(1, 65536))).ToList();
    }

    /// <summary>Up to <paramref name="count"/> distinct uids of 0…n+2, in random order.</summary>
    private static List<int> DistinctColumns(Random rng, int n, int count)
    {
        var pool = Enumerable.Range(0, n + 3).ToArray();
        rng.Shuffle(pool);
        return pool.Take(count).ToList();
    }

    private static T Pick<T>(Random rng, params T[] choices) => choices[rng.Next(choices.Length)];
}
