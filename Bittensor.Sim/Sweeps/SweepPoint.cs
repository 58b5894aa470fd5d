namespace Bittensor.Sim.Sweeps;

/// <summary>One combination of a grid: a value for each of its parameters.</summary>
/// <param name="Index">The combination's place in <see cref="SweepGrid.Points"/>.</param>
/// <param name="Indices">For each parameter of the grid, the index of its value here.</param>
/// <param name="Values">For each parameter of the grid, its value here.</param>
/// <param name="Hyperparameters">The (name, ledger value) pairs to set for this combination.</param>
public sealed record SweepPoint(
    int Index, IReadOnlyList<int> Indices, IReadOnlyList<SweepValue> Values, IReadOnlyList<(string Name, string Value)> Hyperparameters);
