using Bittensor.Ledger;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// What a simulation is asked to do (the <c>run</c> command's options), validated as a whole: the network's size and
/// shape, how long, the seed, the scenario, the fidelity, how many ActorSystems, and the subnet's hyperparameters
/// on top of the ledger's defaults.
/// </summary>
public sealed record SimulationOptions
{
    public int Peers { get; init; } = 100;
    public int Validators { get; init; } = 10;
    public int Tempo { get; init; } = 360;
    public int Epochs { get; init; } = 20;
    public int Seed { get; init; } = 1;
    public string Scenario { get; init; } = "honest";
    public Fidelity Fidelity { get; init; } = Fidelity.Economic;
    public int Nodes { get; init; } = 1;

    /// <summary>Miners each validator queries per block.</summary>
    public int QueriesPerStep { get; init; } = 16;

    /// <summary>Hyperparameters set by name (snake_case, as <see cref="SubnetHyperparameters.Names"/>), applied in order after the scenario's own.</summary>
    public IReadOnlyList<(string Name, string Value)> Hyperparameters { get; init; } = [];

    /// <summary>The number of miners.</summary>
    public int Miners => Peers - Validators;

    /// <summary>Blocks simulated: one tempo per epoch.</summary>
    public ulong Blocks => (ulong)Tempo * (ulong)Epochs;

    /// <summary>What is wrong with these options (each problem named), or an empty list.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Peers is < 2 or > 4096) problems.Add($"--peers must lie in [2, 4096]; got {Peers}.");
        if (Validators < 1 || Validators >= Peers) problems.Add($"--validators must lie in [1, peers - 1]; got {Validators} of {Peers} peers.");
        if (Tempo is < 1 or > 65535) problems.Add($"--tempo must lie in [1, 65535] blocks; got {Tempo}.");
        if (Epochs is < 1 or > 100_000) problems.Add($"--epochs must lie in [1, 100000]; got {Epochs}.");
        if (Nodes < 1 || Nodes > Math.Max(1, Peers)) problems.Add($"--nodes must lie in [1, peers]; got {Nodes}.");
        if (QueriesPerStep is < 1 or > 4096) problems.Add($"--queries must lie in [1, 4096]; got {QueriesPerStep}.");
        var hyperparameters = SubnetHyperparameters.Default;
        foreach (var (name, value) in Hyperparameters)
        {
            var (changed, error) = hyperparameters.With(name, value);
            if (error is not null)
            {
                problems.Add($"--set {name}={value}: {error.Message}");
            }
            else
            {
                hyperparameters = changed!;
            }
        }

        return problems;
    }
}
