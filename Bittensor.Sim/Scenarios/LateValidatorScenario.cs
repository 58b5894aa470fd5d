using Bittensor.Sim.Scenarios.Behaviours;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// Validators (class <c>late</c>, a third of them) whose weights are one epoch late: they evaluate honestly but set
/// the row they computed a tempo earlier (<see cref="LateValidatorPolicy"/>), beside honest validators and miners.
/// What it shows: Yuma3 pays a validator's bonds, which follow the weights it sets, so a validator that sets its
/// first row an epoch after the others and then always agrees with last epoch's market builds its bonds later and
/// earns less dividends per stake than the honest ones. The miners' qualities never change here, so a row an epoch
/// old is as right as a fresh one and the gap narrows as the late validators' bonds catch up; what is measured is
/// the price of the lag itself.
/// </summary>
public sealed class LateValidatorScenario : IScenario
{
    /// <summary>The late validators' class in the outputs.</summary>
    public const string LateClass = "late";

    /// <summary>How many validators are late; null: a third of them.</summary>
    public int? LateValidators { get; init; }

    public string Name => "late-validator";

    public string Description => "validators set weights one epoch late: they earn less dividends per stake than honest validators";

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var late = LateValidators ?? AdversaryCount.Of(options.Validators, "validators");
        var validators = Enumerable.Range(0, options.Validators)
            .Select(k =>
            {
                var honest = HonestScenario.HonestValidator(options.Seed, k, random);
                return k < options.Validators - late ? honest : honest with { Class = LateClass, Policy = new LateValidatorPolicy((ulong)options.Tempo) };
            })
            .ToList();
        var miners = Enumerable.Range(0, options.Miners)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, options.Miners)))
            .ToList();
        return new NetworkPlan(validators, miners, [], []);
    }
}
