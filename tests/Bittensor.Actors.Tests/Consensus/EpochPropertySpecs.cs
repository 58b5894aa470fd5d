using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// Properties that every epoch must have, checked on hundreds of seeded random states (<see cref="RandomEpochStates"/>).
/// The conformance vectors pin the exact numbers of a few states; these pin the invariants of all the others: what the
/// rounding may lose, who may hold a permit, who has no say. A failure names the seed and prints the state as a
/// conformance case, so it can be replayed with <c>Bittensor.Sim epoch</c>.
/// </summary>
public sealed partial class EpochPropertySpecs
{
    private const int StatesPerProperty = 300;
    private static readonly Int128 One = (Int128)1 << I32F32.FractionalBits;

    // == (a) Emission ==

    [Fact]
    public void Emission_should_distribute_the_rao_emission_up_to_rounding_when_any_stake_counts()
    {
        ForEachState(firstSeed: 1_000, epoch =>
        {
            var terms = epoch.Run();
            var n = epoch.State.N;
            var rao = (UInt128)epoch.State.RaoEmission;
            var combined = Sum(terms.Emission);
            var split = Sum(terms.ServerEmission) + Sum(terms.ValidatorEmission);

            Assert.True(combined <= rao, $"Σ emission {combined} exceeds rao_emission {rao}");
            Assert.True(split <= rao, $"Σ server + validator emission {split} exceeds rao_emission {rao}");
            if (!AnyStakeCounts(epoch))
            {
                // No stake above the threshold: S, A, I and D are all zero and the fallback has nothing to pay by.
                Assert.Equal(0UL, (ulong)combined);
                Assert.Equal(0UL, (ulong)split);
                return;
            }
            // Each share is an I32F32 quotient (floored: < 2^-32 lost per uid) times rao_emission, floored to a rao
            // (< 1 rao lost per uid). The combined share is one quotient per uid; server and validator are two.
            // For rao_emission ≤ 2^32 (the tests' 1e9) that is at most 2 rao per uid and share; above it, the 2^-32
            // quantum of the share itself is worth more than a rao.
            Assert.True(rao - combined <= MaxRoundingLoss(n, rao, sharesPerUid: 1),
                $"Σ emission {combined} is {rao - combined} rao short of {rao} (n = {n})");
            Assert.True(rao - split <= MaxRoundingLoss(n, rao, sharesPerUid: 2),
                $"Σ server + validator emission {split} is {rao - split} rao short of {rao} (n = {n})");
        });
    }

    [Fact]
    public void Emission_should_lose_at_most_one_rao_per_uid_when_the_emission_is_the_default_1e9()
    {
        // The tighter bound for the chain's usual amount. With d < n bits lost by normalising the shares and f_i < 1
        // rao lost by each uid's floor, the loss is 1e9·d/2^32 + Σ f_i < 0.233·d + n, an integer. It can only exceed
        // n when d ≥ 5 (so n ≥ 6) and nearly every floor loses almost a whole rao: possible for a crafted state, which
        // is why the property above keeps the exact bound, but not for these seeded states. The server + validator
        // sum has no such bound: two shares per uid, each floored twice, lose up to 1.33·n rao in these states
        // (yuma-spec §3.10).
        ForEachState(firstSeed: 1_500, epoch =>
        {
            var state = epoch.State with { RaoEmission = 1_000_000_000 };
            var terms = Epoch.Run(epoch.Hyperparameters, state);
            if (!AnyStakeCounts(epoch)) return;
            var combined = Sum(terms.Emission);
            Assert.True(combined >= 1_000_000_000UL - (ulong)state.N, $"Σ emission {combined} is more than n = {state.N} rao short of 1e9");
        });
    }

    // == (b) Normalisation ==

    [Fact]
    public void Incentive_and_dividends_should_each_sum_to_one_up_to_floor_rounding_or_be_all_zero()
    {
        ForEachState(firstSeed: 2_000, epoch =>
        {
            var terms = epoch.Run();
            AssertNormalisedOrZero("incentive", terms.Incentive);
            AssertNormalisedOrZero("dividends", terms.Dividends);
            // The stake vectors they are weighted by obey the same rule.
            AssertNormalisedOrZero("stake", terms.Stake);
            AssertNormalisedOrZero("active stake", terms.ActiveStake);
            Assert.Equal(AnyStakeCounts(epoch), terms.Stake.Any(s => s != I32F32.Zero));
        });
    }

    // == (c) Activity ==

    [Fact]
    public void Inactive_uids_should_have_no_active_stake_when_their_last_weights_are_past_the_activity_cutoff()
    {
        var exercised = 0;
        ForEachState(firstSeed: 3_000, epoch =>
        {
            var terms = epoch.Run();
            var state = epoch.State;
            for (var i = 0; i < state.N; i++)
            {
                Assert.True(terms.Active[i] == !IsExpired(epoch, i), $"Active[{i}] = {terms.Active[i]}");
                if (!IsMaskedAsInactive(epoch, i)) continue;
                Assert.True(terms.ActiveStake[i] == I32F32.Zero, $"inactive uid {i} has active stake {terms.ActiveStake[i]}");
                exercised++;
            }
        });
        Assert.True(exercised > 1_000, $"only {exercised} inactive uids were generated");
    }

    [Fact]
    public void Inactive_validators_should_not_move_consensus_or_incentive_when_their_weights_change()
    {
        var exercised = 0;
        ForEachState(firstSeed: 3_500, epoch =>
        {
            var rng = new Random(epoch.Seed);
            var inactive = Enumerable.Range(0, epoch.State.N).Where(i => IsMaskedAsInactive(epoch, i)).ToArray();
            if (inactive.Length == 0) return;
            var uid = inactive[rng.Next(inactive.Length)];
            var changed = epoch.WithState(epoch.State with
            {
                Weights = RandomEpochStates.WithRow(epoch.State.Weights, uid, RandomEpochStates.RandomWeightRow(rng, epoch.State.N, uid)),
            });

            var before = epoch.Run();
            var after = changed.Run();
            exercised++;
            Assert.Equal(before.Consensus, after.Consensus);
            Assert.Equal(before.Incentive, after.Incentive);
            if (epoch.Hyperparameters.Yuma3Enabled) return;
            // Original Yuma bonds grow by W̃_ij · A_i, which is zero for this validator: only its own validator trust
            // (the sum of its clipped row) may move. Yuma3 is different on purpose: its bonds follow the weights
            // whatever the stake (yuma-spec §3.9b), and they dilute the others' normalised bonds.
            var differences = Differences(before, after).Where(d => d != $"ValidatorTrust[{uid}]").ToList();
            Assert.True(differences.Count == 0, $"uid {uid}'s new weights changed {string.Join(", ", differences)}");
        });
        Assert.True(exercised > 100, $"only {exercised} states had an inactive uid");
    }

    // == (d) Validator permits ==

    [Fact]
    public void New_permits_should_go_to_the_largest_non_zero_stakes_up_to_max_allowed_validators_plus_the_owner()
    {
        ForEachState(firstSeed: 4_000, epoch =>
        {
            var terms = epoch.Run();
            var state = epoch.State;
            var owner = state.OwnerUid;
            var permits = terms.NewValidatorPermit;
            Assert.Equal(state.N, permits.Length);

            // S is the stake the permits are ranked by: floor(s_i · 2^32 / Σs) after the threshold (yuma-spec §3.2).
            var expectedStake = ExpectedStakeBits(epoch);
            for (var i = 0; i < state.N; i++)
                Assert.True(terms.Stake[i].Bits == expectedStake[i], $"S[{i}] = {terms.Stake[i].Bits} bits, expected {expectedStake[i]}");

            var nonZero = terms.Stake.Count(s => s != I32F32.Zero);
            var topK = Math.Min(epoch.Hyperparameters.MaxAllowedValidators, nonZero);
            var count = permits.Count(p => p);
            Assert.True(count >= topK && count <= topK + (owner is null ? 0 : 1),
                $"{count} permits; {topK} of the top-K non-zero stakes expected{(owner is null ? "" : ", plus the owner")}");
            if (owner is { } o) Assert.True(permits[o], $"the owner uid {o} has no permit");

            for (var i = 0; i < state.N; i++)
            {
                if (!permits[i] || i == owner) continue;
                Assert.True(terms.Stake[i] != I32F32.Zero, $"uid {i} got a permit with zero stake");
                for (var j = 0; j < state.N; j++)
                    Assert.True(permits[j] || terms.Stake[i] >= terms.Stake[j],
                        $"uid {i} (S {terms.Stake[i].Bits}) got a permit but uid {j} (S {terms.Stake[j].Bits}) did not");
            }
        });
    }

    // == (e) No permit, no influence ==

    [Fact]
    public void A_uid_without_a_permit_should_have_no_influence_when_its_weights_change()
    {
        var exercised = 0;
        ForEachState(firstSeed: 5_000, epoch =>
        {
            var rng = new Random(epoch.Seed);
            var state = epoch.State;
            var unpermitted = Enumerable.Range(0, state.N).Where(i => !HasInputPermit(state, i)).ToArray();
            if (unpermitted.Length == 0) return;
            var uid = unpermitted[rng.Next(unpermitted.Length)];
            var row = RandomEpochStates.RandomWeightRow(rng, state.N, uid);
            var changed = epoch.WithState(state with { Weights = RandomEpochStates.WithRow(state.Weights, uid, row) });

            exercised++;
            var differences = Differences(epoch.Run(), changed.Run());
            Assert.True(differences.Count == 0, $"uid {uid} has no permit, yet its new weights changed {string.Join(", ", differences)}");
        });
        Assert.True(exercised > 150, $"only {exercised} states had a uid without a permit");
    }

    [Fact]
    public void Weights_and_bonds_should_have_no_influence_when_they_name_uids_beyond_n()
    {
        // EpochState: entries for a uid ≥ n are ignored. Dropping them must change nothing at all.
        ForEachState(firstSeed: 5_500, epoch =>
        {
            var n = epoch.State.N;
            var trimmed = epoch.WithState(epoch.State with
            {
                Weights = WithoutColumnsFrom(epoch.State.Weights, n),
                Bonds = WithoutColumnsFrom(epoch.State.Bonds, n),
            });
            var differences = Differences(epoch.Run(), trimmed.Run());
            Assert.True(differences.Count == 0, $"entries for uids ≥ n changed {string.Join(", ", differences)}");
        });
    }

    // == (f) Stored bonds ==

    [Fact]
    public void Stored_bonds_should_be_empty_rows_when_the_uid_has_no_new_permit()
    {
        ForEachState(firstSeed: 6_000, epoch =>
        {
            var terms = epoch.Run();
            var n = epoch.State.N;
            Assert.Equal(n, terms.Bonds.RowCount);
            for (var i = 0; i < n; i++)
            {
                var columns = terms.Bonds.Columns(i).ToArray();
                if (!terms.NewValidatorPermit[i]) Assert.True(columns.Length == 0, $"uid {i} has no new permit but {columns.Length} stored bonds");
                // The next epoch reads these back: every uid below n and named once, or it would refuse them.
                Assert.All(columns, j => Assert.InRange(j, 0, n - 1));
                Assert.Equal(columns.Length, columns.Distinct().Count());
            }
        });
    }

    // == (g) Determinism ==

    [Fact]
    public void Run_should_give_identical_outputs_and_leave_the_state_untouched_when_run_twice()
    {
        ForEachState(firstSeed: 7_000, epoch =>
        {
            var before = epoch.ToConformanceCase();
            var first = epoch.Run();
            var second = epoch.Run();
            var differences = Differences(first, second);
            Assert.True(differences.Count == 0, $"a second run differs in {string.Join(", ", differences)}");
            Assert.Equal(before, epoch.ToConformanceCase());
        });
    }

    // == Helpers ==

    /// <summary>
    /// Runs <paramref name="property"/> on <see cref="StatesPerProperty"/> states and reports every failing seed, with
    /// the first failing state written out as a conformance case.
    /// </summary>
    private static void ForEachState(int firstSeed, Action<RandomEpoch> property)
    {
        var failures = new List<(RandomEpoch Epoch, Exception Error)>();
        for (var seed = firstSeed; seed < firstSeed + StatesPerProperty; seed++)
        {
            var epoch = RandomEpochStates.Create(seed);
            try
            {
                property(epoch);
            }
            catch (Exception e)
            {
                failures.Add((epoch, e));
            }
        }
        if (failures.Count == 0) return;
        var (first, error) = failures[0];
        Assert.Fail($"{failures.Count} of {StatesPerProperty} states fail (seeds {string.Join(", ", failures.Take(20).Select(f => f.Epoch.Seed))}). "
            + $"Seed {first.Seed}: {error.GetType().Name}: {error.Message}\nThe state as a conformance case:\n{first.ToConformanceCase()}");
    }

    /// <summary>Whether any uid's stake survives the stake threshold (the owner is exempt): S is then not all zero.</summary>
    private static bool AnyStakeCounts(RandomEpoch epoch)
    {
        var state = epoch.State;
        return Enumerable.Range(0, state.N).Any(i => state.Stake[i] > 0 && (state.OwnerUid == i || state.Stake[i] >= epoch.Hyperparameters.StakeThreshold));
    }

    /// <summary>S in I32F32 bits, computed independently: <c>floor(s_i · 2^32 / Σs)</c> over the stakes that count.</summary>
    private static long[] ExpectedStakeBits(RandomEpoch epoch)
    {
        var state = epoch.State;
        var counted = Enumerable.Range(0, state.N)
            .Select(i => state.OwnerUid != i && state.Stake[i] < epoch.Hyperparameters.StakeThreshold ? 0UL : state.Stake[i])
            .ToArray();
        var total = Sum(counted);
        return counted.Select(s => total == 0 ? 0L : (long)(((UInt128)s << 32) / total)).ToArray();
    }

    /// <summary>
    /// The most rao that flooring may lose: per uid and share, under one 2^-32 quantum of the share (worth
    /// rao_emission / 2^32) plus under one rao.
    /// </summary>
    private static UInt128 MaxRoundingLoss(int n, UInt128 rao, int sharesPerUid)
    {
        var shares = (UInt128)(n * sharesPerUid);
        return shares + ((shares * rao + (UInt128.One << 32) - 1) >> 32);
    }

    /// <summary>
    /// <c>last_update + cutoff &lt; current_block</c> (strict, saturating), where a short last-update vector is padded
    /// with 0 up to n as the chain's <c>get_last_update</c> does.
    /// </summary>
    private static bool IsExpired(RandomEpoch epoch, int uid)
    {
        var lastUpdate = uid < epoch.State.LastUpdate.Length ? epoch.State.LastUpdate[uid] : 0UL;
        return (UInt128)lastUpdate + epoch.Hyperparameters.ActivityCutoffBlocks < epoch.State.CurrentBlock;
    }

    /// <summary>Whether the inactive mask zeroes the uid's active stake: the padded vector has all n entries.</summary>
    private static bool IsMaskedAsInactive(RandomEpoch epoch, int uid) => IsExpired(epoch, uid);

    /// <summary>The permit the epoch reads: stored by the previous epoch (missing entries: none), forced for the owner.</summary>
    private static bool HasInputPermit(EpochState state, int uid) =>
        uid < state.ValidatorPermit.Length && (state.ValidatorPermit[uid] || state.OwnerUid == uid);

    private static void AssertNormalisedOrZero(string name, I32F32[] vector)
    {
        Assert.All(vector, x => Assert.True(x >= I32F32.Zero && x <= I32F32.One, $"{name} entry {x} is outside 0…1"));
        Int128 sum = 0;
        foreach (var x in vector) sum += x.Bits;
        if (sum == 0) return;
        // normalize divides every entry by the sum and truncates: each entry loses less than one bit.
        Assert.True(sum <= One && sum >= One - vector.Length, $"{name} sums to {sum} bits: neither 0 nor 2^32 minus at most n = {vector.Length}");
    }

    private static SparseRows<ushort> WithoutColumnsFrom(SparseRows<ushort> rows, int n) =>
        SparseRows<ushort>.FromRows(RandomEpochStates.ToLists(rows).Select(row => row.Where(e => e.Column < n).ToList()).ToList());

    private static UInt128 Sum(ulong[] values)
    {
        UInt128 sum = 0;
        foreach (var value in values) sum += value;
        return sum;
    }

    /// <summary>Every output that differs between two runs, as <c>Name[uid]</c> (the first few per output).</summary>
    private static List<string> Differences(EpochTerms a, EpochTerms b)
    {
        var differences = new List<string>();
        Compare(nameof(a.Active), a.Active, b.Active);
        Compare(nameof(a.NewValidatorPermit), a.NewValidatorPermit, b.NewValidatorPermit);
        Compare(nameof(a.Stake), a.Stake, b.Stake);
        Compare(nameof(a.ActiveStake), a.ActiveStake, b.ActiveStake);
        Compare(nameof(a.Consensus), a.Consensus, b.Consensus);
        Compare(nameof(a.Incentive), a.Incentive, b.Incentive);
        Compare(nameof(a.Dividends), a.Dividends, b.Dividends);
        Compare(nameof(a.ValidatorTrust), a.ValidatorTrust, b.ValidatorTrust);
        Compare(nameof(a.ServerEmission), a.ServerEmission, b.ServerEmission);
        Compare(nameof(a.ValidatorEmission), a.ValidatorEmission, b.ValidatorEmission);
        Compare(nameof(a.Emission), a.Emission, b.Emission);
        if (a.Bonds.RowCount != b.Bonds.RowCount) differences.Add("Bonds (row count)");
        else
            for (var i = 0; i < a.Bonds.RowCount; i++)
                if (!a.Bonds.Row(i).SequenceEqual(b.Bonds.Row(i))) differences.Add($"Bonds[{i}]");
        return differences;

        void Compare<T>(string name, T[] x, T[] y)
        {
            if (x.Length != y.Length) { differences.Add($"{name} (length)"); return; }
            for (var i = 0; i < x.Length; i++)
                if (!EqualityComparer<T>.Default.Equals(x[i], y[i])) differences.Add($"{name}[{i}]");
        }
    }
}
