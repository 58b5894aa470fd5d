namespace Bittensor.Sim.Sweeps;

/// <summary>One value a sweep gives a parameter.</summary>
/// <param name="Label">The value as the grid wrote it (<c>0.3</c>): the CSV's cell and the heatmap's tick label.</param>
/// <param name="LedgerValue">The value the ledger is given (<c>19661</c> for a kappa of 0.3).</param>
public sealed record SweepValue(string Label, string LedgerValue);
