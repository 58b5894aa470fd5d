namespace Bittensor.Sim.Scenarios;

/// <summary>Every scenario by name (the <c>scenarios</c> command lists them; <c>--scenario</c> picks one).</summary>
public static class ScenarioCatalog
{
    /// <summary>All scenarios, in the order they are listed.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new HonestScenario(),
        new WeightCopyScenario(),
        new CabalScenario(),
        new LazyMinersScenario(),
        new SybilScenario(),
        new OfflineValidatorsScenario(),
        new ChurnScenario(),
        new LateValidatorScenario(),
    ];

    /// <summary>The scenario named <paramref name="name"/>, or null.</summary>
    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The names, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(s => s.Name));
}
