using System.Globalization;
using Bittensor.Sim.Network;
using Bittensor.Sim.Scenarios.Behaviours;

namespace Bittensor.Sim.Scenarios;

/// <summary>
/// A cabal: validators (class <c>cabal</c>, a third of them) under one coldkey holding <see cref="StakeShare"/> of
/// the validators' stake, who weight only the cabal's own miners (class <c>cabal-miner</c>, of low true quality),
/// beside honest validators and miners. What it shows: Yuma Consensus clips every weight to what κ (half) of the
/// active stake supports, so a cabal below half the stake cannot push its miners into consensus: their incentive,
/// and so their share of the emission, stays near zero, and the cabal's validator trust (the part of its weights
/// that survived clipping) stays far below the honest validators'.
/// </summary>
public sealed class CabalScenario : IScenario
{
    /// <summary>The cabal validators' class in the outputs.</summary>
    public const string CabalClass = "cabal";

    /// <summary>The cabal miners' class in the outputs.</summary>
    public const string CabalMinerClass = "cabal-miner";

    /// <summary>The cabal miners' true quality: they are there to be paid, not to be good.</summary>
    public const double CabalMinerQuality = 0.1;

    /// <summary>The cabal's share of all validator stake, in (0, 1); 30% unless set.</summary>
    public double StakeShare { get; init; } = 0.3;

    /// <summary>How many validators the cabal holds; null: a third of them.</summary>
    public int? CabalValidators { get; init; }

    /// <summary>How many miners the cabal runs; null: a tenth of the miners, at least 2.</summary>
    public int? CabalMiners { get; init; }

    public string Name => "cabal";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"validators holding {StakeShare * 100:0}% of stake vote only for their own poor miners: kappa clips them, their miners earn ~0 and their trust is low");

    public NetworkPlan Plan(SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(StakeShare is > 0 and < 1))
        {
            throw new ArgumentException($"The cabal's stake share lies in (0, 1); got {StakeShare}.", nameof(options));
        }

        var cabalValidators = CabalValidators ?? AdversaryCount.Of(options.Validators, "validators");
        var cabalMiners = CabalMiners ?? Math.Max(2, options.Miners / 10);
        if (cabalMiners >= options.Miners)
        {
            throw new ArgumentException($"The cabal's {cabalMiners} miners leave no honest miner among {options.Miners}.", nameof(options));
        }

        var coldkey = PeerKeys.Coldkey(options.Seed, "cabal");
        var honestCount = options.Miners - cabalMiners;
        var miners = Enumerable.Range(0, honestCount)
            .Select(k => HonestScenario.Miner(options.Seed, k, "honest", HonestScenario.SpreadQuality(k, honestCount)))
            .Concat(Enumerable.Range(honestCount, cabalMiners)
                .Select(k => HonestScenario.Miner(options.Seed, k, CabalMinerClass, CabalMinerQuality) with { Coldkey = coldkey }))
            .ToList();
        var members = miners.Where(m => m.Class == CabalMinerClass).Select(m => m.Hotkey.Address.ToString()).ToList();

        var honest = Enumerable.Range(0, options.Validators - cabalValidators)
            .Select(k => HonestScenario.HonestValidator(options.Seed, k, random))
            .ToList();
        // The cabal's stake is set from the honest total so that it holds exactly the share asked for.
        var honestStake = honest.Sum(v => (double)v.StakeRao);
        var cabalStake = (ulong)(honestStake * StakeShare / (1 - StakeShare) / cabalValidators);
        var cabal = Enumerable.Range(options.Validators - cabalValidators, cabalValidators)
            .Select(k => HonestScenario.HonestValidator(options.Seed, k, random) with
            {
                Coldkey = coldkey, Class = CabalClass, StakeRao = cabalStake, Policy = new CabalPolicy(members),
            });
        return new NetworkPlan([.. honest, .. cabal], miners, [], []);
    }
}
