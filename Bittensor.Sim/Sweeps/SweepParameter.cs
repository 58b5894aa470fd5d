namespace Bittensor.Sim.Sweeps;

/// <summary>A hyperparameter a sweep varies, and its values in the order the grid listed them.</summary>
/// <param name="Name">The ledger's name (snake_case, as <c>SubnetHyperparameters.Names</c>).</param>
/// <param name="Values">Its values, at least one, no two with the same ledger value.</param>
public sealed record SweepParameter(string Name, IReadOnlyList<SweepValue> Values);
