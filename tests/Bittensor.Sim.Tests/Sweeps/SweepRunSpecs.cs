using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;
using Bittensor.Sim.Sweeps;
using Bittensor.Sim.Tests.Output;

namespace Bittensor.Sim.Tests.Sweeps;

/// <summary>
/// A tiny sweep end to end (2×2 grid × 2 seeds of 10 peers, tempo 5, 2 epochs): its CSV is the same bytes however the
/// runs interleave (wall time aside), one row per run in combination-then-seed order, and its heatmap is a PNG.
/// </summary>
public sealed class SweepRunSpecs : IDisposable
{
    private static readonly SimulationOptions Tiny = new() { Peers = 10, Validators = 2, Tempo = 5, Epochs = 2 };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(SweepGrid Grid, IReadOnlyList<SweepResult> Results)> Sweep(int parallelism)
    {
        var (grid, error) = SweepGrid.Parse("kappa=0.3,0.7;bonds_moving_average=900000,975000");
        Assert.Null(error);
        var jobs = SweepRunner.Plan(grid!, Tiny, [1, 2]);
        return (grid!, await SweepRunner.RunAsync(jobs, parallelism));
    }

    // wall_seconds is the one column that measures the machine rather than the simulation.
    private static IEnumerable<string> WithoutWallSeconds(string csv) =>
        csv.Split('\n').Select(line => line.Length == 0 ? line : line[..line.LastIndexOf(',')]);

    [Fact]
    public async Task The_csv_should_be_the_same_whatever_the_parallelism_and_list_every_run_in_order()
    {
        var (grid, parallel) = await Sweep(parallelism: 4);
        var (_, serial) = await Sweep(parallelism: 1);
        var csv = SweepCsv.Format(grid, parallel);

        Assert.Equal(WithoutWallSeconds(SweepCsv.Format(grid, serial)), WithoutWallSeconds(csv));
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(
            "kappa,bonds_moving_average,seed,dividends_per_stake.honest,emission_share.honest,mean_validator_trust,miner_emission_gini,spearman_quality_incentive,wall_seconds",
            lines[0]);
        Assert.Equal(
            ["0.3,900000,1", "0.3,900000,2", "0.3,975000,1", "0.3,975000,2", "0.7,900000,1", "0.7,900000,2", "0.7,975000,1", "0.7,975000,2"],
            lines[1..].Select(l => string.Join(",", l.Split(',')[..3])));
        Assert.All(lines[1..], l => Assert.Equal(9, l.Split(',').Length));
    }

    [Fact]
    public async Task The_heatmap_should_average_each_combination_over_its_seeds_and_be_written_as_a_png()
    {
        var (grid, results) = await Sweep(parallelism: 2);

        var means = SweepHeatmap.Grid(grid, results, "miner_emission_gini", "honest");
        var expected = results.Where(r => r.Job.Point.Index == 2).Average(r => r.Metrics["miner_emission_gini"]!.Value);
        Assert.Equal(expected, means.Means[0, 1]); // kappa 0.7 (x = 1), bonds_moving_average 900000 (y = 0)
        Assert.Equal(["0.3", "0.7"], means.XValues);
        Assert.Equal(["900000", "975000"], means.YValues);

        var path = _folder.File(SweepHeatmap.FileName).FullName;
        SweepHeatmap.Write(path, grid, results, "miner_emission_gini", "honest");
        Png.AssertValid(path, Heatmap.Width, Heatmap.Height);
    }

    [Fact]
    public void The_metric_names_should_be_known_before_anything_runs()
    {
        var (grid, _) = SweepGrid.Parse("kappa=0.5");
        var names = SweepRunner.MetricNames(SweepRunner.Plan(grid!, Tiny, [1, 2]));

        Assert.Equal(
            ["dividends_per_stake.honest", "emission_share.honest", "mean_validator_trust", "miner_emission_gini", "spearman_quality_incentive"],
            names);
    }
}
