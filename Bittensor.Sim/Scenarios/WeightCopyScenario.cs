using Bittensor.Sim.Scenarios.Behaviours;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// Weight copiers (class <c>copier</c>, a third of the validators) that evaluate nothing and set the last epoch's
/// consensus as their weights (<see cref="WeightCopierPolicy"/>), beside honest validators and honest miners of
/// spread quality. What it shows: copying does not pay as well as evaluating. A copier can only ever set the
/// consensus of the epoch before, so it starts an epoch late (nothing to copy before the first consensus with
/// weights) and its bonds, which Yuma3 grows towards the weights it sets, trail the honest validators'; its
/// dividends per staked TAO stay below theirs. In this static market (qualities never change) copying the consensus
/// is otherwise as good as evaluating, so the gap narrows epoch by epoch as the copier's bonds catch up: the cost
/// measured here is the lag, which a market whose miners change would charge again at every change.
/// </summary>
public sealed class WeightCopyScenario : IScenario
{
    /// <summary>The copiers' class in the outputs.</summary>
    public const string CopierClass = "copier";

    /// <summary>How many validators copy; null: a third of them.</summary>
    public int? Copiers { get; init; }

    public string Name => "weight-copy";

    public string Description => "validators copy last epoch's consensus instead of evaluating: copiers earn less dividends per stake than honest validators";

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copiers = Copiers ?? AdversaryCount.Of(options.Validators, "validators");
        var validators = Enumerable.Range(0, options.Validators)
            .Select(k =>
            {
                var honest = HonestScenario.HonestValidator(options.Seed, k, random);
                return k < options.Validators - copiers ? honest : honest with { Class = CopierClass, Policy = new WeightCopierPolicy() };
            })
            .ToList();
        var miners = Enumerable.Range(0, options.Miners)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, options.Miners)))
            .ToList();
        return new NetworkPlan(validators, miners, [], []);
    }
}
