using Bittensor.Sim.Output;

namespace Bittensor.Sim.Sweeps;

/// <summary>
/// The chart of a sweep: one metric's mean over the seeds of each combination, as a <see cref="HeatmapGrid"/> with the
/// grid's first parameter across and its second up. A one-parameter grid gets a single row named after the scenario,
/// which <see cref="Heatmap"/> draws as a line chart.
/// </summary>
public static class SweepHeatmap
{
    /// <summary>The file's name in the output folder.</summary>
    public const string FileName = "heatmap.png";

    /// <summary>
    /// The means of <paramref name="metric"/> over the seeds of each combination of <paramref name="grid"/>; a run whose
    /// value is undefined is left out of its mean, and a cell with no value at all is NaN.
    /// </summary>
    public static HeatmapGrid Grid(SweepGrid grid, IReadOnlyList<SweepResult> results, string metric, string scenario)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(results);
        var x = grid.Parameters[0];
        var y = grid.Parameters.Count > 1 ? grid.Parameters[1] : null;
        var yLabels = y?.Values.Select(v => v.Label).ToList() ?? [scenario];
        var means = new double[yLabels.Count, x.Values.Count];
        foreach (var point in grid.Points)
        {
            var values = results.Where(r => r.Job.Point.Index == point.Index)
                .Select(r => r.Metrics.GetValueOrDefault(metric))
                .OfType<double>()
                .ToList();
            means[y is null ? 0 : point.Indices[1], point.Indices[0]] = values.Count == 0 ? double.NaN : values.Average();
        }
        return new HeatmapGrid(x.Name, x.Values.Select(v => v.Label).ToList(), y?.Name ?? "scenario", yLabels, means, metric);
    }

    /// <summary>Writes the chart of <paramref name="metric"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, SweepGrid grid, IReadOnlyList<SweepResult> results, string metric, string scenario) =>
        Heatmap.Write(path, Grid(grid, results, metric, scenario));
}
