using System.Diagnostics;
using Bittensor.Consensus;

namespace Bittensor.Sim.Bench;

/// <summary>One line of <c>bench epoch</c>.</summary>
/// <remarks>
/// <c>min_us</c> stands beside the median because on a shared machine the median moves with the neighbours' load
/// (the memory floor <c>touch_us</c> moves with it); the minimum is what the code itself costs.
/// </remarks>
public sealed record EpochTiming(
    string Variant, int Uids, int Validators, double MedianMicroseconds, double P90Microseconds, double MinMicroseconds,
    double TouchMicroseconds, IReadOnlyDictionary<EpochPhase, double> PhaseMinMicroseconds)
{
    public string ToLine() => FormattableString.Invariant(
        $"epoch variant={Variant} uids={Uids} validators={Validators} median_us={MedianMicroseconds:F1} p90_us={P90Microseconds:F1} touch_us={TouchMicroseconds:F1} min_us={MinMicroseconds:F1} ratio={MedianMicroseconds / TouchMicroseconds:F1}");

    /// <summary>The fastest time of each phase, one line: where an epoch spends its time.</summary>
    public string ToPhaseLine() => "phases " + string.Join(" ", PhaseMinMicroseconds.Select(p => FormattableString.Invariant($"{p.Key}_us={p.Value:F1}")));
}

/// <summary>
/// Times <see cref="Epoch.Run"/> on a subnet where every validator sets a full weight row, against the memory
/// floor: one plain pass reading every weight and bond entry of the same state.
/// </summary>
public static class EpochBenchmark
{
    public static readonly IReadOnlyList<(string Name, Hyperparameters Hyperparameters)> Variants =
    [
        ("yuma", new Hyperparameters { MaxAllowedValidators = 64, CommitRevealEnabled = false }),
        ("yuma3-liquid-alpha", new Hyperparameters { MaxAllowedValidators = 64, CommitRevealEnabled = false, Yuma3Enabled = true, LiquidAlphaEnabled = true, AlphaLow = 6553, AlphaHigh = 19660, BondsPenalty = 0 }),
    ];

    public static EpochTiming Measure((string Name, Hyperparameters Hyperparameters) variant, int uids, int validators, int iterations)
    {
        var hyperparameters = variant.Hyperparameters;
        var state = SteadyState(hyperparameters, SyntheticSubnet.FullRows(uids, validators, seed: 42));

        var epochTimes = new double[iterations];
        var touchTimes = new double[iterations];
        // Warm up long enough for tiered compilation to reach optimised code for every hot loop.
        var warmupStart = Stopwatch.GetTimestamp();
        for (var warmup = 0; warmup < 30 || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < 1.5; warmup++)
        {
            Epoch.Run(hyperparameters, state);
            Touch(state);
        }
        long checksum = 0;
        var phases = new PhaseClock();
        var observed = new EpochOptions { Observer = phases };
        for (var k = 0; k < iterations; k++)
        {
            var start = Stopwatch.GetTimestamp();
            Epoch.Run(hyperparameters, state);
            epochTimes[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;

            // A separate, observed run for the phase times, so that the observer does not slow the timed one.
            phases.Start();
            Epoch.Run(hyperparameters, state, observed);

            start = Stopwatch.GetTimestamp();
            checksum += Touch(state);
            touchTimes[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        GC.KeepAlive(checksum);
        return new EpochTiming(variant.Name, uids, validators, Percentile(epochTimes, 0.5), Percentile(epochTimes, 0.9), epochTimes.Min(),
            Percentile(touchTimes, 0.5), phases.Fastest);
    }

    /// <summary>The fastest time seen for each phase, from the observer's calls.</summary>
    private sealed class PhaseClock : IEpochObserver
    {
        private long _last;
        private readonly Dictionary<EpochPhase, double> _fastest = [];

        public IReadOnlyDictionary<EpochPhase, double> Fastest => _fastest;

        public void Start() => _last = Stopwatch.GetTimestamp();

        public void PhaseCompleted(EpochPhase phase)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(_last, now).TotalMicroseconds;
            _fastest[phase] = _fastest.TryGetValue(phase, out var best) ? Math.Min(best, elapsed) : elapsed;
            _last = now;
        }
    }

    // Bonds as a running subnet has them: a few epochs fed back into the state.
    public static EpochState SteadyState(Hyperparameters hyperparameters, EpochState state)
    {
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var terms = Epoch.Run(hyperparameters, state);
            state = state with { Bonds = terms.Bonds, ValidatorPermit = terms.NewValidatorPermit };
        }
        return state;
    }

    /// <summary>The memory floor: read every weight and bond entry (uid and value) once.</summary>
    private static long Touch(EpochState state)
    {
        long sum = 0;
        foreach (var matrix in new[] { state.Weights, state.Bonds })
        {
            var columns = matrix.EntryColumns;
            var values = matrix.EntryValues;
            for (var e = 0; e < columns.Length; e++) sum += columns[e] + values[e];
        }
        return sum;
    }

    private static double Percentile(double[] samples, double quantile)
    {
        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
    }
}
