using Bittensor.Sim.Scenarios.Behaviours;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// Lazy miners (class <c>lazy</c>, a quarter of the miners, true quality 0) that run no model: in turn one answers
/// a constant tensor of the right shape (<see cref="ConstantMinerModel"/>), one NaN and one the wrong shape
/// (<see cref="GarbageMinerModel"/>), beside honest miners of spread quality and honest validators. What it shows:
/// a constant answer adds nothing to the coalition (its value is no better than answering zeros) and garbage is a
/// failed answer, so validators' scores for lazy miners stay at or below zero, they get no weight, and their share
/// of the emission is about zero.
/// </summary>
public sealed class LazyMinersScenario : IScenario
{
    /// <summary>The lazy miners' class in the outputs.</summary>
    public const string LazyClass = "lazy";

    /// <summary>How many miners are lazy; null: a quarter of them, at least one.</summary>
    public int? LazyMiners { get; init; }

    public string Name => "lazy-miners";

    public string Description => "miners answer a constant tensor, NaN or the wrong shape: their emission share is about zero";

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lazy = LazyMiners ?? Math.Max(1, options.Miners / 4);
        if (lazy >= options.Miners)
        {
            throw new ArgumentException($"{lazy} lazy miners leave no honest miner among {options.Miners}.", nameof(options));
        }

        var validators = Enumerable.Range(0, options.Validators).Select(k => HonestScenario.HonestValidator(options.Seed, k, random)).ToList();
        var honestCount = options.Miners - lazy;
        var miners = Enumerable.Range(0, honestCount)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, honestCount)))
            .Concat(Enumerable.Range(0, lazy).Select(k => HonestScenario.Miner(options.Seed, honestCount + k, LazyClass, 0) with
            {
                Model = (k % 3) switch
                {
                    0 => context => new ConstantMinerModel(context.Task, 0.5f),
                    1 => context => new GarbageMinerModel(context.Task, Garbage.NaN),
                    _ => context => new GarbageMinerModel(context.Task, Garbage.WrongShape),
                },
            }))
            .ToList();
        return new NetworkPlan(validators, miners, [], []);
    }
}
