using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>The run's charts and the sweep's heatmap: each a valid PNG of the documented size, with a title in it.</summary>
public sealed class PlotsSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WriteAll_should_write_the_three_charts_with_text()
    {
        var run = OutputSamples.Run();
        var paths = Plots.WriteAll(Path.Combine(_folder.Path, "plots"), run, SummaryMetrics.Compute(run));

        Assert.Equal(
            [Plots.EmissionShareFile, Plots.IncentiveVsQualityFile, Plots.DividendsPerStakeFile],
            paths.Select(Path.GetFileName));
        foreach (var path in paths)
        {
            Png.AssertValid(path, Plots.Width, Plots.Height);
            Assert.True(Png.DarkPixelsAtTop(path) > 200, $"{Path.GetFileName(path)} has no title text");
            Assert.True(Png.DistinctColours(path) > 10, $"{Path.GetFileName(path)} is nearly blank");
        }
    }

    [Fact]
    public void Charts_should_still_be_drawn_for_a_run_without_rows()
    {
        var run = OutputSamples.Run() with { Rows = [] };
        var paths = Plots.WriteAll(_folder.Path, run, SummaryMetrics.Compute(run));

        Assert.All(paths, path => Png.AssertValid(path, Plots.Width, Plots.Height));
    }

    [Fact]
    public void A_two_dimensional_grid_should_give_a_heatmap()
    {
        var path = _folder.File("heatmap.png").FullName;
        var grid = new HeatmapGrid(
            "kappa", ["0.3", "0.5", "0.7"], "copiers", ["0", "1", "2", "4"],
            new double[,] { { 0.9, 0.8, 0.7 }, { 0.85, 0.75, 0.6 }, { 0.8, double.NaN, 0.5 }, { 0.6, 0.4, 0.2 } },
            "spearman_quality_incentive");

        Heatmap.Write(path, grid);

        Png.AssertValid(path, Heatmap.Width, Heatmap.Height);
        Assert.True(Png.DarkPixelsAtTop(path) > 200);
        Assert.True(Png.DistinctColours(path) > 20);
    }

    [Fact]
    public void A_one_dimensional_grid_should_give_a_line_chart()
    {
        var path = _folder.File("line.png").FullName;
        var grid = new HeatmapGrid("kappa", ["0.3", "0.5", "0.7"], "seedless", ["-"], new double[,] { { 0.9, 0.8, 0.7 } }, "miner_emission_gini");

        Heatmap.Write(path, grid);

        Png.AssertValid(path, Heatmap.Width, Heatmap.Height);
        Assert.True(Png.DarkPixelsAtTop(path) > 200);
    }

    [Fact]
    public void A_grid_whose_means_do_not_match_its_values_should_be_refused()
    {
        var grid = new HeatmapGrid("x", ["1", "2"], "y", ["1"], new double[,] { { 1, 2, 3 } }, "m");

        Assert.Throws<ArgumentException>(() => Heatmap.Write(_folder.File("bad.png").FullName, grid));
    }
}
