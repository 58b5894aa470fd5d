using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>The facade a run calls: every file in its place, and the CSV's bytes a function of the run alone.</summary>
public sealed class SimulationOutputsSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WriteAll_should_write_the_csv_the_summary_and_the_plots()
    {
        var outputs = SimulationOutputs.WriteAll(OutputSamples.Run(), Path.Combine(_folder.Path, "out"));

        Assert.Equal(Path.Combine(_folder.Path, "out", "metagraph.csv"), outputs.MetagraphCsv);
        Assert.Equal(Path.Combine(_folder.Path, "out", "summary.json"), outputs.SummaryJson);
        Assert.True(File.Exists(outputs.MetagraphCsv));
        Assert.True(File.Exists(outputs.SummaryJson));
        Assert.Equal(3, outputs.Plots.Count);
        Assert.All(outputs.Plots, path => Assert.Equal(Path.Combine(_folder.Path, "out", "plots"), Path.GetDirectoryName(path)));
        Assert.All(outputs.Plots, path => Assert.True(File.Exists(path)));
        Assert.Equal(0.375, outputs.Metrics.MinerEmissionGini);
    }

    [Fact]
    public void The_csv_should_be_byte_identical_for_equal_runs_whatever_their_wall_time()
    {
        var first = SimulationOutputs.WriteAll(OutputSamples.Run(wallSeconds: 1.5), Path.Combine(_folder.Path, "a"));
        var second = SimulationOutputs.WriteAll(OutputSamples.Run(wallSeconds: 9.25), Path.Combine(_folder.Path, "b"));

        Assert.Equal(File.ReadAllBytes(first.MetagraphCsv), File.ReadAllBytes(second.MetagraphCsv));
    }
}
