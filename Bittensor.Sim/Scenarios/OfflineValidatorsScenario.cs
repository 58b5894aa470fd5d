using Bittensor.Sim.Scenarios.Behaviours;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// Validators (class <c>offline</c>, a third of them) that stop for <see cref="OfflineEpochs"/> epochs from epoch
/// <see cref="OfflineFromEpoch"/> (no queries, no weights) and then come back (<see cref="OfflineValidatorPolicy"/>),
/// beside honest validators and miners. The subnet's <c>activity_cutoff_blocks</c> is a tempo and a half, so a
/// validator that missed a weights update is inactive at the next epoch; with the chain's default (5,000 blocks) a
/// short absence on a small tempo would go unnoticed, its stale weights still counting. What it shows: while
/// inactive their stake is not active stake, so their dividends drop to about zero; once they set weights again
/// they are paid like honest validators again.
/// </summary>
public sealed class OfflineValidatorsScenario : IScenario
{
    /// <summary>The offline validators' class in the outputs.</summary>
    public const string OfflineClass = "offline";

    /// <summary>How many validators go offline; null: a third of them.</summary>
    public int? OfflineValidators { get; init; }

    /// <summary>The first epoch they are offline for (epoch e ends at block e × tempo).</summary>
    public int OfflineFromEpoch { get; init; } = 3;

    /// <summary>How many epochs they stay offline.</summary>
    public int OfflineEpochs { get; init; } = 2;

    public string Name => "offline-validators";

    public string Description => "validators stop for two epochs, then come back: their dividends drop while away and recover after";

    /// <summary>The first block offline validators miss.</summary>
    public ulong OfflineFrom(SimulationOptions options) => ((ulong)(OfflineFromEpoch - 1) * (ulong)options.Tempo) + 1;

    /// <summary>The last block they miss.</summary>
    public ulong OfflineThrough(SimulationOptions options) => (ulong)(OfflineFromEpoch - 1 + OfflineEpochs) * (ulong)options.Tempo;

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OfflineFromEpoch < 1 || OfflineEpochs < 1)
        {
            throw new ArgumentException($"The window starts at epoch 1 or later and lasts an epoch or more; got epoch {OfflineFromEpoch}, {OfflineEpochs} epochs.", nameof(options));
        }

        var offline = OfflineValidators ?? AdversaryCount.Of(options.Validators, "validators");
        var validators = Enumerable.Range(0, options.Validators)
            .Select(k =>
            {
                var honest = HonestScenario.HonestValidator(options.Seed, k, random);
                return k < options.Validators - offline
                    ? honest
                    : honest with { Class = OfflineClass, Policy = new OfflineValidatorPolicy(OfflineFrom(options), OfflineThrough(options)) };
            })
            .ToList();
        var miners = Enumerable.Range(0, options.Miners)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, options.Miners)))
            .ToList();
        return new NetworkPlan(validators, miners, [("activity_cutoff_blocks", $"{options.Tempo + (options.Tempo / 2)}")], []);
    }
}
