using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;
using Bittensor.Sim.Sweeps;

namespace Bittensor.Sim.Commands;

/// <summary>
/// <c>sweep</c>: runs a scenario over every combination of one or two hyperparameters with several seeds, all cores at
/// once, and writes <c>sweep.csv</c> (one row per run) and <c>heatmap.png</c> (one metric's mean over the seeds).
/// </summary>
public static class SweepCommand
{
    private static readonly Option<string> Scenario = new("--scenario") { Description = "the scenario (see the scenarios command)", DefaultValueFactory = _ => "honest" };
    private static readonly Option<string> Grid = new("--grid") { Description = "the values to sweep: name=v1,v2,... for one or two hyperparameters, ';' between them (fractions such as kappa=0.5 are scaled to the chain's integer)" };
    private static readonly Option<int> Seeds = new("--seeds") { Description = "seeds per combination", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> SeedBase = new("--seed-base") { Description = "the first seed; the others follow it", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Metric = new("--metric") { Description = "the summary metric the heatmap averages", DefaultValueFactory = _ => "spearman_quality_incentive" };
    private static readonly Option<int> Peers = new("--peers") { Description = "peers in the subnet (validators + miners)", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Validators = new("--validators") { Description = "validators among the peers", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Tempo = new("--tempo") { Description = "blocks per epoch", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "epochs to simulate per run", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Queries = new("--queries") { Description = "miners each validator queries per block", DefaultValueFactory = _ => 16 };
    private static readonly Option<string[]> Set = new("--set") { Description = "a hyperparameter fixed for every run, name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<int> Parallel = new("--parallel") { Description = "runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<string> Out = new("--out") { Description = "the folder for sweep.csv and heatmap.png", DefaultValueFactory = _ => "sweep-out" };
    private static readonly Option<bool> Quiet = new("--quiet") { Description = "plain lines only, no progress" };

    public static Command Create()
    {
        var sweep = new Command("sweep", "Run a scenario over a grid of one or two hyperparameters × seeds in parallel; write sweep.csv and a heatmap of one metric.")
        {
            Scenario, Grid, Seeds, SeedBase, Metric, Peers, Validators, Tempo, Epochs, Queries, Set, Parallel, Out, Quiet,
        };
        sweep.SetAction(async (parse, cancellationToken) =>
        {
            if (Parse(parse, out var plan) is { } problem)
            {
                Console.Error.WriteLine($"sweep: {problem}");
                return ExitCodes.InvalidArguments;
            }

            var folder = Directory.CreateDirectory(parse.GetValue(Out)!).FullName;
            var clock = Stopwatch.StartNew();
            IReadOnlyList<SweepResult> results;
            using (var progress = SweepProgress.Create(parse.GetValue(Quiet), plan.Jobs.Count, plan.Jobs.Aggregate(0UL, (sum, j) => sum + j.Options.Blocks)))
            {
                results = await SweepRunner.RunAsync(plan.Jobs, plan.Parallelism, progress.Block, progress.Finished, cancellationToken);
            }
            var wall = clock.Elapsed.TotalSeconds;

            var csv = Path.Combine(folder, SweepCsv.FileName);
            SweepCsv.Write(csv, plan.Grid, results);
            var chart = Path.Combine(folder, SweepHeatmap.FileName);
            SweepHeatmap.Write(chart, plan.Grid, results, plan.Metric, parse.GetValue(Scenario)!);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep runs={results.Count} parallel={plan.Parallelism} wall_seconds={wall:F2} run_seconds_total={results.Sum(r => r.WallSeconds):F2}"));
            Console.WriteLine($"wrote {csv}, {chart}");
            return ExitCodes.Ok;
        });
        return sweep;
    }

    private sealed record SweepPlan(SweepGrid Grid, IReadOnlyList<SweepJob> Jobs, string Metric, int Parallelism);

    /// <summary>The sweep a parse asks for, or the problems with it (each named); nothing is simulated.</summary>
    private static string? Parse(ParseResult parse, out SweepPlan plan)
    {
        plan = null!;
        var problems = new List<string>();
        var scenario = parse.GetValue(Scenario)!;
        if (ScenarioCatalog.Find(scenario) is null) problems.Add($"--scenario: unknown scenario '{scenario}'; known: {ScenarioCatalog.Names}.");

        var (grid, gridError) = parse.GetValue(Grid) is { } text ? SweepGrid.Parse(text) : (null, "is required, e.g. --grid \"kappa=0.3,0.5;bonds_moving_average=900000,975000\".");
        if (gridError is not null) problems.Add($"--grid: {gridError}");

        var seeds = parse.GetValue(Seeds);
        if (seeds is < 1 or > 10_000) problems.Add($"--seeds must lie in [1, 10000]; got {seeds}.");
        var seedBase = parse.GetValue(SeedBase);
        if (seedBase < 0 || (long)seedBase + seeds - 1 > int.MaxValue) problems.Add($"--seed-base must be at least 0 and leave room for {seeds} seeds; got {seedBase}.");
        var parallelism = parse.GetValue(Parallel);
        if (parallelism is < 1 or > 1024) problems.Add($"--parallel must lie in [1, 1024]; got {parallelism}.");

        var set = HyperparameterAssignments.Parse(parse.GetValue(Set), problems);
        // Applied after --set, a grid value would silently win: say so instead.
        foreach (var name in set.Select(s => s.Name).Intersect(grid?.Parameters.Select(p => p.Name) ?? []))
            problems.Add($"--set {name}: {name} is also swept by --grid; give it in one place.");

        var common = new SimulationOptions
        {
            Peers = parse.GetValue(Peers), Validators = parse.GetValue(Validators), Tempo = parse.GetValue(Tempo),
            Epochs = parse.GetValue(Epochs), Scenario = scenario, Fidelity = Fidelity.Economic,
            QueriesPerStep = parse.GetValue(Queries), Hyperparameters = set,
        };
        if (problems.Count > 0) return string.Join(" ", problems);

        var jobs = SweepRunner.Plan(grid!, common, Enumerable.Range(seedBase, seeds).ToList());
        // Values valid alone can clash together or with --set (alpha_low above alpha_high): check every combination.
        problems.AddRange(jobs.SelectMany(j => j.Options.Problems()).Distinct());
        if (problems.Count > 0) return string.Join(" ", problems);

        var metric = parse.GetValue(Metric)!;
        var metrics = SweepRunner.MetricNames(jobs);
        if (!metrics.Contains(metric, StringComparer.Ordinal))
            return $"--metric: unknown metric '{metric}'; known for scenario {scenario}: {string.Join(", ", metrics)}.";

        plan = new SweepPlan(grid!, jobs, metric, parallelism);
        return null;
    }
}
