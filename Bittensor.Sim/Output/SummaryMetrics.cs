using System.Globalization;

namespace Bittensor.Sim.Output;

/// <summary>
/// The metrics that answer the experiment, computed from a <see cref="SimulationRun"/> alone (no I/O). Point-in-time
/// metrics read the run's last epoch, the state the network settled into; metrics about who was paid sum over every
/// epoch, since payment accumulates. Undefined values are <see langword="null"/>.
/// </summary>
/// <param name="SpearmanQualityIncentive">
/// Last epoch, miners only: Spearman's correlation (average ranks for ties) of true quality with incentive; null with
/// fewer than two miners or when either is constant (for example, every incentive zero).
/// </param>
/// <param name="EmissionShareByClass">
/// Whole run: each class's share of the emission summed over every row of every epoch (miners' incentive emission and
/// validators' dividend emission alike), so the shares sum to 1. A class name used by both miners and validators
/// counts both. Keys in ordinal order; null values when nothing was emitted.
/// </param>
/// <param name="DividendsPerStakeByClass">
/// Whole run, validators only: for each validator class, the TAO its validators were emitted over every epoch divided
/// by the TAO of stake they started with (<see cref="PeerInfo.InitialStakeRao"/>), i.e. a stake-weighted return per
/// TAO staked. A validator sets weights and serves nothing, so its row's <see cref="MetagraphRow.EmissionRao"/> is the
/// emission its dividends earned. Null for a class whose validators started with no stake.
/// </param>
/// <param name="MinerEmissionGini">Last epoch: the Gini coefficient of the miners' emissions; null when they total zero.</param>
/// <param name="MeanValidatorTrust">
/// Last epoch: the mean validator trust (as a fraction of 65535) of the validators holding a permit; null when none does.
/// </param>
/// <param name="LastEpoch">The epoch the point-in-time metrics read; null for a run with no rows.</param>
public sealed record SummaryMetrics(
    double? SpearmanQualityIncentive,
    IReadOnlyDictionary<string, double?> EmissionShareByClass,
    IReadOnlyDictionary<string, double?> DividendsPerStakeByClass,
    double? MinerEmissionGini,
    double? MeanValidatorTrust,
    int? LastEpoch)
{
    /// <summary>
    /// Computes every metric of <paramref name="run"/>. Throws <see cref="ArgumentException"/> when a miner of the last
    /// epoch has no true quality (NaN) or a validator's row names a hotkey that is not among the run's peers.
    /// </summary>
    public static SummaryMetrics Compute(SimulationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rows = run.Rows;
        int? lastEpoch = rows.Count == 0 ? null : rows.Max(r => r.Epoch);
        var last = rows.Where(r => r.Epoch == lastEpoch).OrderBy(r => r.Uid).ToList();
        var lastMiners = last.Where(r => r.Role == PeerRole.Miner).ToList();

        if (lastMiners.FirstOrDefault(m => double.IsNaN(m.TrueQuality)) is { } unknown)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"miner {unknown.Hotkey} (uid {unknown.Uid}) has no true quality"), nameof(run));
        var spearman = Statistics.Spearman(lastMiners.Select(m => m.TrueQuality).ToList(), lastMiners.Select(m => Fraction(m.Incentive)).ToList());

        var gini = Statistics.Gini(lastMiners.Select(m => (double)m.EmissionRao).ToList());

        var permitted = last.Where(r => r.Role == PeerRole.Validator && r.ValidatorPermit).ToList();
        double? meanTrust = permitted.Count == 0 ? null : permitted.Average(r => Fraction(r.ValidatorTrust));

        return new SummaryMetrics(spearman, EmissionShares(rows), DividendsPerStake(run), gini, meanTrust, lastEpoch);
    }

    /// <summary>
    /// Each class's share of the emission of the given rows (one epoch's, or the whole run's); null shares when the rows
    /// emitted nothing. Keys in ordinal order.
    /// </summary>
    public static IReadOnlyDictionary<string, double?> EmissionShares(IEnumerable<MetagraphRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // UInt128 keeps the sums exact; converting once at the end keeps the shares independent of summation order.
        var byClass = new SortedDictionary<string, UInt128>(StringComparer.Ordinal);
        UInt128 total = 0;
        foreach (var row in rows)
        {
            byClass[row.Class] = byClass.GetValueOrDefault(row.Class) + row.EmissionRao;
            total += row.EmissionRao;
        }
        var shares = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, emitted) in byClass) shares[name] = total == 0 ? null : (double)emitted / (double)total;
        return shares;
    }

    /// <summary>The metrics as flat (name, value) pairs, for one row of a sweep: class metrics as <c>name.class</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, double?>> Flatten()
    {
        var flat = new List<KeyValuePair<string, double?>> { new("spearman_quality_incentive", SpearmanQualityIncentive) };
        flat.AddRange(EmissionShareByClass.Select(p => KeyValuePair.Create("emission_share." + p.Key, p.Value)));
        flat.AddRange(DividendsPerStakeByClass.Select(p => KeyValuePair.Create("dividends_per_stake." + p.Key, p.Value)));
        flat.Add(new("miner_emission_gini", MinerEmissionGini));
        flat.Add(new("mean_validator_trust", MeanValidatorTrust));
        return flat;
    }

    private static SortedDictionary<string, double?> DividendsPerStake(SimulationRun run)
    {
        var validators = run.Peers.Where(p => p.Role == PeerRole.Validator).ToList();
        var stakeByHotkey = validators.ToDictionary(p => p.Hotkey, p => p.InitialStakeRao, StringComparer.Ordinal);
        var emitted = new SortedDictionary<string, UInt128>(StringComparer.Ordinal);
        var staked = new SortedDictionary<string, UInt128>(StringComparer.Ordinal);
        foreach (var peer in validators)
        {
            staked[peer.Class] = staked.GetValueOrDefault(peer.Class) + peer.InitialStakeRao;
            emitted.TryAdd(peer.Class, UInt128.Zero);
        }
        foreach (var row in run.Rows.Where(r => r.Role == PeerRole.Validator))
        {
            // A row whose hotkey the scenario never named has no initial stake to divide by.
            if (!stakeByHotkey.ContainsKey(row.Hotkey))
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"validator {row.Hotkey} (uid {row.Uid}, epoch {row.Epoch}) is not among the run's peers"),
                    nameof(run));
            emitted[row.Class] = emitted.GetValueOrDefault(row.Class) + row.EmissionRao;
        }
        var result = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, rao) in emitted)
        {
            var stake = staked.GetValueOrDefault(name);
            result[name] = stake == 0 ? null : (double)rao / (double)stake;
        }
        return result;
    }

    private static double Fraction(ushort value) => value / (double)ushort.MaxValue;
}
