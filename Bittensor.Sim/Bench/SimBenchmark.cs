using System.Globalization;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Bench;

/// <summary>
/// <c>bench sim</c>: the simulation's own speed, one line per configuration: a whole <c>run</c> of the honest scenario
/// (start-up, genesis and every block; no outputs written), its wall time and blocks per second.
/// </summary>
public static class SimBenchmark
{
    /// <summary>Runs <paramref name="options"/> once and measures it.</summary>
    public static async Task<SimTiming> MeasureAsync(SimulationOptions options, CancellationToken cancellationToken = default)
    {
        var run = await Simulation.RunAsync(options, new Dictionary<string, string>(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SimTiming(options, run.Blocks, run.WallSeconds);
    }
}

/// <summary>One simulation's timing.</summary>
public sealed record SimTiming(SimulationOptions Options, ulong Blocks, double WallSeconds)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"sim fidelity={Options.Fidelity.ToString().ToLowerInvariant()} peers={Options.Peers} validators={Options.Validators} nodes={Options.Nodes} "
        + $"queries={Options.QueriesPerStep} tempo={Options.Tempo} epochs={Options.Epochs} blocks={Blocks} wall_seconds={WallSeconds:F2} "
        + $"blocks_per_second={(WallSeconds > 0 ? Blocks / WallSeconds : 0):F0}");
}
