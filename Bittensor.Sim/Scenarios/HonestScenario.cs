using Bittensor.Neurons;
using Bittensor.Sim.Network;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// The baseline: miners of evenly spread quality and honest, noisy validators with uneven stake. What it shows:
/// incentive follows quality (a high Spearman correlation) and validators' dividends follow their stake.
/// </summary>
public sealed class HonestScenario : IScenario
{
    /// <summary>Stake of the average validator, in rao (1,000 TAO).</summary>
    public const ulong ValidatorStakeRao = 1_000 * TaoRao;

    /// <summary>Rao in one TAO.</summary>
    public const ulong TaoRao = 1_000_000_000;

    public string Name => "honest";

    public string Description => "miners of spread quality, honest noisy validators: incentive should follow quality";

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validators = Enumerable.Range(0, options.Validators).Select(k => HonestValidator(options.Seed, k, random)).ToList();
        var miners = Enumerable.Range(0, options.Miners)
            .Select(k => Miner(options.Seed, k, "honest", SpreadQuality(k, options.Miners)))
            .ToList();
        return new NetworkPlan(validators, miners, [], []);
    }

    /// <summary>An honest validator with a stake between 0.5 and 1.5 times <see cref="ValidatorStakeRao"/>.</summary>
    public static ValidatorPlan HonestValidator(int seed, int index, Random random) =>
        new(PeerKeys.Hotkey(seed, "validator", index), PeerKeys.Coldkey(seed, $"validator-{index}"), "honest",
            (ulong)(ValidatorStakeRao * (0.5 + random.NextDouble())), HonestValidatorPolicy.Instance);

    /// <summary>Miner number <paramref name="index"/> of class <paramref name="class"/> and quality <paramref name="quality"/>, on its own coldkey.</summary>
    public static MinerPlan Miner(int seed, int index, string @class, double quality) =>
        new(PeerKeys.Hotkey(seed, "miner", index), PeerKeys.Coldkey(seed, $"miner-{index}"), @class, quality,
            context => MinerModels.ForQuality(context, quality));

    /// <summary>Qualities evenly spread over [0.05, 0.95], in a fixed order (the uids are not sorted by quality).</summary>
    public static double SpreadQuality(int index, int count)
    {
        // A stride coprime with the count interleaves the qualities over the uids.
        var stride = Enumerable.Range(7, count + 7).First(s => Gcd(s, Math.Max(count, 1)) == 1);
        var rank = (int)((long)index * stride % Math.Max(count, 1));
        return count == 1 ? 0.5 : 0.05 + (0.9 * rank / (count - 1));
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
