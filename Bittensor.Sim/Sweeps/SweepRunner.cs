using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Sweeps;

/// <summary>
/// Runs every combination of a grid with every seed, several simulations at once, and measures each with
/// <see cref="SummaryMetrics"/>. Each run is a whole simulation with its own ActorSystem and its own random state, so
/// what a run measures does not depend on which others run beside it.
/// </summary>
public static class SweepRunner
{
    /// <summary>
    /// The runs of a sweep, combination by combination (in <see cref="SweepGrid.Points"/> order), seed by seed within
    /// each. A run's options are <paramref name="common"/> with its seed and, after the common hyperparameters, the
    /// combination's values.
    /// </summary>
    public static IReadOnlyList<SweepJob> Plan(SweepGrid grid, SimulationOptions common, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(seeds);
        return grid.Points
            .SelectMany(point => seeds.Select(seed => (point, seed)))
            .Select((job, index) => new SweepJob(index, job.point, job.seed, common with
            {
                Seed = job.seed,
                Hyperparameters = common.Hyperparameters.Concat(job.point.Hyperparameters).ToArray(),
            }))
            .ToList();
    }

    /// <summary>
    /// Runs <paramref name="jobs"/>, at most <paramref name="parallelism"/> at a time, and returns their results in the
    /// jobs' order whatever order they finish in. <paramref name="block"/> hears of every block of every run (from
    /// several threads at once); <paramref name="finished"/> of every run as it ends.
    /// </summary>
    public static async Task<IReadOnlyList<SweepResult>> RunAsync(
        IReadOnlyList<SweepJob> jobs, int parallelism, Action? block = null, Action<SweepResult>? finished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var results = new SweepResult[jobs.Count];
        await Parallel.ForEachAsync(
            jobs,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (job, token) =>
            {
                var run = await Simulation.RunAsync(job.Options, Arguments(job), block is null ? null : (_, _, _) => block(), TorchSharp.torch.CPU, token);
                var metrics = SummaryMetrics.Compute(run).Flatten().ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
                var result = new SweepResult(job, metrics, run.WallSeconds);
                results[job.Index] = result;
                finished?.Invoke(result);
            });
        return results;
    }

    /// <summary>
    /// The metric names runs of these jobs will report, known before any runs: the fixed metrics and the per-class
    /// ones for every class the scenario plans for the jobs' seeds (planning is cheap; simulating is not).
    /// </summary>
    public static IReadOnlyList<string> MetricNames(IReadOnlyList<SweepJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var classes = new SortedSet<string>(StringComparer.Ordinal);
        var validatorClasses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var options in jobs.Select(j => j.Options).DistinctBy(o => (o.Seed, o.Scenario)))
        {
            var scenario = ScenarioCatalog.Find(options.Scenario) ?? throw new ArgumentException($"Unknown scenario '{options.Scenario}'.", nameof(jobs));
            var plan = scenario.Plan(options, new Random(options.Seed));
            validatorClasses.UnionWith(plan.Validators.Select(v => v.Class));
            classes.UnionWith(plan.Validators.Select(v => v.Class).Concat(plan.Miners.Select(m => m.Class)).Concat(plan.Later.Select(l => l.Miner.Class)));
        }
        // Flatten owns the naming of metrics; a metrics record with every class and no values gives every name.
        var empty = new SummaryMetrics(
            null, classes.ToDictionary(c => c, _ => (double?)null), validatorClasses.ToDictionary(c => c, _ => (double?)null), null, null, null);
        return empty.Flatten().Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, string> Arguments(SweepJob job)
    {
        var arguments = job.Point.Hyperparameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        arguments["seed"] = $"{job.Seed}";
        arguments["scenario"] = job.Options.Scenario;
        return arguments;
    }
}
