namespace Bittensor.Sim.Output;

/// <summary>Where <see cref="SimulationOutputs.WriteAll"/> put each file.</summary>
/// <param name="MetagraphCsv">The path of <c>metagraph.csv</c>.</param>
/// <param name="SummaryJson">The path of <c>summary.json</c>.</param>
/// <param name="Plots">The paths of the charts under <c>plots/</c>.</param>
/// <param name="Metrics">The metrics written into the summary, for the caller to print.</param>
public sealed record SimulationOutputPaths(string MetagraphCsv, string SummaryJson, IReadOnlyList<string> Plots, SummaryMetrics Metrics);

/// <summary>The one call a run makes for its files: <c>metagraph.csv</c>, <c>summary.json</c> and <c>plots/</c>.</summary>
public static class SimulationOutputs
{
    /// <summary>
    /// Writes every output of <paramref name="run"/> into <paramref name="outDirectory"/> (created if missing),
    /// replacing files of the same names. The CSV and the JSON come first, so a missing chart font (the plots throw
    /// <see cref="InvalidOperationException"/>) costs only the charts.
    /// </summary>
    public static SimulationOutputPaths WriteAll(SimulationRun run, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(outDirectory);
        Directory.CreateDirectory(outDirectory);
        var csv = Path.Combine(outDirectory, Output.MetagraphCsv.FileName);
        Output.MetagraphCsv.Write(csv, run.Rows);
        var metrics = SummaryMetrics.Compute(run);
        var json = Path.Combine(outDirectory, Output.SummaryJson.FileName);
        Output.SummaryJson.Write(json, run, metrics);
        var plots = Output.Plots.WriteAll(Path.Combine(outDirectory, Output.Plots.FolderName), run, metrics);
        return new SimulationOutputPaths(csv, json, plots, metrics);
    }
}
