namespace Bittensor.Sim.Sweeps;

/// <summary>What one run of a sweep measured.</summary>
/// <param name="Job">The run.</param>
/// <param name="Metrics">Every summary metric by its flattened name (<c>SummaryMetrics.Flatten</c>); null where undefined.</param>
/// <param name="WallSeconds">Wall time of the simulation, start-up to the last block.</param>
public sealed record SweepResult(SweepJob Job, IReadOnlyDictionary<string, double?> Metrics, double WallSeconds);
