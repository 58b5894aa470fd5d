using Bittensor.Models;
using Bittensor.Sim.Network;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// A sybil flood: one coldkey registers many hotkeys (class <c>sybil</c>) that all serve the same mid-quality
/// model (one <see cref="ParametricMinerModel"/> seed, so their answers to a query are identical), beside honest
/// miners of spread quality, one of them (class <c>twin</c>) of exactly the sybils' quality, and honest validators.
/// What it shows: each copy is paid as a miner of its quality and no more — its incentive lies between the honest
/// miners just below and just above that quality, and does not exceed the honest ones of the same quality. A
/// validator values an answer half by what it is worth alone and half by what the coalition loses without it
/// (leave-one-out); a copy among copies is redundant, so its leave-one-out value is lower than a unique miner's
/// (below zero, in fact: removing it takes weight off correlated noise). With 16 miners per query that half is
/// small beside the alone-half, so the penalty is within one run's noise: the flood's total pay grows about linearly
/// with its copies, which is why registration costs (burn, immunity, a uid limit) and not scoring are what bound it.
/// </summary>
public sealed class SybilScenario : IScenario
{
    /// <summary>The sybil copies' class in the outputs.</summary>
    public const string SybilClass = "sybil";

    /// <summary>The class of the honest miner of the sybils' quality.</summary>
    public const string TwinClass = "twin";

    /// <summary>The true quality of the model every copy serves.</summary>
    public double SybilQuality { get; init; } = 0.6;

    /// <summary>How many hotkeys the sybil registers; null: a quarter of the miners, at least 2.</summary>
    public int? Copies { get; init; }

    public string Name => "sybil";

    public string Description => "one coldkey floods registrations with copies of one model: each copy is paid as a miner of its quality, no more";

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copies = Copies ?? Math.Max(2, options.Miners / 4);
        if (copies + 2 > options.Miners)
        {
            throw new ArgumentException($"{copies} sybil copies leave too few honest miners among {options.Miners} (the twin and one more).", nameof(options));
        }

        var validators = Enumerable.Range(0, options.Validators).Select(k => HonestScenario.HonestValidator(options.Seed, k, random)).ToList();
        var honestCount = options.Miners - copies - 1;
        var coldkey = PeerKeys.Coldkey(options.Seed, "sybil");
        // One seed for every copy: the parametric model's noise is a function of (seed, caller, inputs) alone.
        var modelSeed = options.Seed ^ 0x5b11;
        var quality = SybilQuality;
        var miners = Enumerable.Range(0, honestCount)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, honestCount)))
            .Append(HonestScenario.Miner(options.Seed, honestCount, TwinClass, quality))
            .Concat(Enumerable.Range(0, copies).Select(k => new MinerPlan(
                PeerKeys.Hotkey(options.Seed, "sybil", k), coldkey, SybilClass, quality,
                context => new ParametricMinerModel(context.Task, quality, modelSeed))))
            .ToList();
        return new NetworkPlan(validators, miners, [], []);
    }
}
