using Bittensor.Sim.Network;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// Churn: the subnet is full from genesis (<c>max_allowed_uids</c> = the genesis peers) and, from the third epoch,
/// a newcomer miner (class <c>newcomer</c>, of good quality) registers every half tempo, so every registration
/// prunes the non-immune uid with the lowest emission. <c>immunity_period</c> is two tempos: genesis miners lose
/// their immunity as the newcomers start to arrive, and each newcomer, who has earned nothing yet and so has the
/// lowest emission of all, keeps its uid for two tempos after it registers. What it shows: the uids pruned are the
/// genesis miners of low quality (the market's emission ranks them last), never a newcomer within its immunity.
/// </summary>
public sealed class ChurnScenario : IScenario
{
    /// <summary>The newcomers' class in the outputs.</summary>
    public const string NewcomerClass = "newcomer";

    /// <summary>How many miners register later; null: a fifth of the genesis miners, at least 2.</summary>
    public int? Newcomers { get; init; }

    public string Name => "churn";

    public string Description => "a full subnet where newcomers register every half tempo: low-quality miners are pruned, newcomers keep their uid while immune";

    /// <summary>The immunity period: two tempos.</summary>
    public static ulong ImmunityPeriod(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return 2 * (ulong)options.Tempo;
    }

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validators = Enumerable.Range(0, options.Validators).Select(k => HonestScenario.HonestValidator(options.Seed, k, random)).ToList();
        var miners = Enumerable.Range(0, options.Miners)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, options.Miners)))
            .ToList();
        var newcomers = Newcomers ?? Math.Max(2, options.Miners / 5);
        var tempo = (ulong)options.Tempo;
        var later = Enumerable.Range(0, newcomers).Select(Newcomer).ToList();
        return new NetworkPlan(validators, miners,
            [("max_allowed_uids", $"{options.Peers}"), ("immunity_period", $"{ImmunityPeriod(options)}")], later);

        ScheduledMiner Newcomer(int k)
        {
            var quality = 0.7 + (0.25 * k / Math.Max(1, newcomers - 1));
            var miner = new MinerPlan(
                PeerKeys.Hotkey(options.Seed, NewcomerClass, k), PeerKeys.Coldkey(options.Seed, $"{NewcomerClass}-{k}"), NewcomerClass, quality,
                context => MinerModels.ForQuality(context, quality));
            return new ScheduledMiner((2 * tempo) + 1 + ((ulong)k * Math.Max(1, tempo / 2)), miner);
        }
    }
}
