using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Sweeps;

/// <summary>One run of a sweep: a combination of the grid with one seed, and the full options it runs with.</summary>
/// <param name="Index">Its place in the sweep's output (combination, then seed).</param>
/// <param name="Point">The combination.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Options">The simulation's options: the sweep's own, this seed, <c>--set</c> values then the combination's.</param>
public sealed record SweepJob(int Index, SweepPoint Point, int Seed, SimulationOptions Options);
