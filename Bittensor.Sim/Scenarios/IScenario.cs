namespace Bittensor.Sim.Scenarios;

/// <summary>An experiment's network: who takes part and how each behaves. Listed by the <c>scenarios</c> command.</summary>
public interface IScenario
{
    /// <summary>The name <c>--scenario</c> takes.</summary>
    string Name { get; }

    /// <summary>One line: what the scenario shows.</summary>
    string Description { get; }

    /// <summary>The network for <paramref name="options"/>; every random choice comes from <paramref name="random"/>.</summary>
    NetworkPlan Plan(SimulationOptions options, Random random);
}
