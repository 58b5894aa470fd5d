using System.Globalization;
using Bittensor.Consensus;

namespace Bittensor.Ledger;

/// <summary>
/// Everything a subnet's owner can tune: the epoch's <see cref="Hyperparameters"/> and the ledger's own rules for
/// registration and weights. Defaults are what subtensor gives a new subnet (<c>init_new_network</c>, else the
/// runtime defaults; yuma-spec §5).
/// </summary>
public sealed record SubnetHyperparameters
{
    /// <summary>The epoch's parameters. New subnets run Yuma3 with 64 validator permits, as on the chain.</summary>
    public Hyperparameters Consensus { get; init; } = new() { Yuma3Enabled = true, MaxAllowedValidators = 64 };

    /// <summary>Blocks after registration during which a uid cannot be pruned.</summary>
    public ulong ImmunityPeriod { get; init; } = 5000;

    /// <summary>Fewest weights a validator may set (capped at the subnet's size).</summary>
    public int MinAllowedWeights { get; init; } = 1;

    /// <summary>Largest normalised weight, as u16 of 65535 (65535: no limit).</summary>
    public int MaxWeightLimit { get; init; } = ushort.MaxValue;

    /// <summary>Blocks between two weight settings of one validator.</summary>
    public ulong WeightsRateLimit { get; init; } = 100;

    /// <summary>Lowest version key accepted with weights.</summary>
    public ulong WeightsVersion { get; init; }

    /// <summary>Most uids the subnet holds; registering into a full subnet replaces a uid.</summary>
    public int MaxAllowedUids { get; init; } = 256;

    public int MaxRegistrationsPerBlock { get; init; } = 1;
    public int TargetRegistrationsPerInterval { get; init; } = 2;

    /// <summary>Blocks between adjustments of the burn price and the proof-of-work difficulty.</summary>
    public int AdjustmentInterval { get; init; } = 100;

    public ulong Burn { get; init; } = 100_000_000;
    public ulong MinBurn { get; init; } = 500_000;
    public ulong MaxBurn { get; init; } = 100_000_000_000;
    public ulong Difficulty { get; init; } = 10_000_000;
    public ulong MinDifficulty { get; init; } = 1;
    public ulong MaxDifficulty { get; init; } = ulong.MaxValue / 4;

    /// <summary>Epochs after a commit in which its weights are revealed.</summary>
    public int RevealPeriodEpochs { get; init; } = 1;

    /// <summary>The owner's share of the subnet's emission, as u16 of 65535 (11796 ≈ 18%).</summary>
    public int SubnetOwnerCut { get; init; } = 11796;

    public static SubnetHyperparameters Default { get; } = new();

    private sealed record Parameter(string Name, Func<SubnetHyperparameters, string> Get, Func<SubnetHyperparameters, string, SubnetHyperparameters> Set);

    private static readonly Parameter[] Parameters =
    [
        OfEpoch("tempo", h => h.Tempo, (h, v) => h with { Tempo = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("activity_cutoff_blocks", h => h.ActivityCutoffBlocks, (h, v) => h with { ActivityCutoffBlocks = Unsigned(v, ulong.MaxValue) }),
        OfEpoch("kappa", h => h.Kappa, (h, v) => h with { Kappa = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("rho", h => h.Rho, (h, v) => h with { Rho = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("bonds_moving_average", h => h.BondsMovingAverage, (h, v) => h with { BondsMovingAverage = Unsigned(v, 1_000_000) }),
        OfEpoch("bonds_penalty", h => h.BondsPenalty, (h, v) => h with { BondsPenalty = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("max_allowed_validators", h => h.MaxAllowedValidators, (h, v) => h with { MaxAllowedValidators = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("stake_threshold", h => h.StakeThreshold, (h, v) => h with { StakeThreshold = Unsigned(v, ulong.MaxValue) }),
        OfEpoch("yuma3_enabled", h => h.Yuma3Enabled, (h, v) => h with { Yuma3Enabled = Boolean(v) }),
        OfEpoch("liquid_alpha_enabled", h => h.LiquidAlphaEnabled, (h, v) => h with { LiquidAlphaEnabled = Boolean(v) }),
        OfEpoch("alpha_low", h => h.AlphaLow, (h, v) => h with { AlphaLow = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("alpha_high", h => h.AlphaHigh, (h, v) => h with { AlphaHigh = (int)Unsigned(v, ushort.MaxValue) }),
        OfEpoch("alpha_sigmoid_steepness", h => h.AlphaSigmoidSteepness, (h, v) => h with { AlphaSigmoidSteepness = (int)Unsigned(v, (ulong)short.MaxValue) }),
        OfEpoch("commit_reveal_enabled", h => h.CommitRevealEnabled, (h, v) => h with { CommitRevealEnabled = Boolean(v) }),
        OfEpoch("consensus", h => h.Consensus == ConsensusVariant.Yc1Sigmoid ? "yc1" : "yuma", (h, v) => h with { Consensus = v switch
        {
            "yuma" => ConsensusVariant.Yuma,
            "yc1" => ConsensusVariant.Yc1Sigmoid,
            _ => throw new FormatException("expected yuma or yc1"),
        } }),
        OfRules("immunity_period", h => h.ImmunityPeriod, (h, v) => h with { ImmunityPeriod = Unsigned(v, ulong.MaxValue) }),
        OfRules("min_allowed_weights", h => h.MinAllowedWeights, (h, v) => h with { MinAllowedWeights = (int)Unsigned(v, ushort.MaxValue) }),
        OfRules("max_weight_limit", h => h.MaxWeightLimit, (h, v) => h with { MaxWeightLimit = (int)Unsigned(v, ushort.MaxValue) }),
        OfRules("weights_rate_limit", h => h.WeightsRateLimit, (h, v) => h with { WeightsRateLimit = Unsigned(v, ulong.MaxValue) }),
        OfRules("weights_version", h => h.WeightsVersion, (h, v) => h with { WeightsVersion = Unsigned(v, ulong.MaxValue) }),
        OfRules("max_allowed_uids", h => h.MaxAllowedUids, (h, v) => h with { MaxAllowedUids = (int)Positive(v, ushort.MaxValue) }),
        OfRules("max_regs_per_block", h => h.MaxRegistrationsPerBlock, (h, v) => h with { MaxRegistrationsPerBlock = (int)Unsigned(v, ushort.MaxValue) }),
        OfRules("target_regs_per_interval", h => h.TargetRegistrationsPerInterval, (h, v) => h with { TargetRegistrationsPerInterval = (int)Positive(v, ushort.MaxValue) }),
        OfRules("adjustment_interval", h => h.AdjustmentInterval, (h, v) => h with { AdjustmentInterval = (int)Positive(v, ushort.MaxValue) }),
        OfRules("burn", h => h.Burn, (h, v) => h with { Burn = Unsigned(v, ulong.MaxValue) }),
        OfRules("min_burn", h => h.MinBurn, (h, v) => h with { MinBurn = Unsigned(v, ulong.MaxValue) }),
        OfRules("max_burn", h => h.MaxBurn, (h, v) => h with { MaxBurn = Unsigned(v, ulong.MaxValue) }),
        OfRules("difficulty", h => h.Difficulty, (h, v) => h with { Difficulty = Positive(v, ulong.MaxValue) }),
        OfRules("min_difficulty", h => h.MinDifficulty, (h, v) => h with { MinDifficulty = Positive(v, ulong.MaxValue) }),
        OfRules("max_difficulty", h => h.MaxDifficulty, (h, v) => h with { MaxDifficulty = Positive(v, ulong.MaxValue) }),
        OfRules("reveal_period_epochs", h => h.RevealPeriodEpochs, (h, v) => h with { RevealPeriodEpochs = (int)Positive(v, ushort.MaxValue) }),
        OfRules("subnet_owner_cut", h => h.SubnetOwnerCut, (h, v) => h with { SubnetOwnerCut = (int)Unsigned(v, ushort.MaxValue) }),
    ];

    /// <summary>The names <see cref="With"/> accepts, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } = Parameters.Select(p => p.Name).ToArray();

    /// <summary>The value of the <paramref name="index"/>th of <see cref="Names"/>: <see cref="Get"/> without the search by name.</summary>
    internal string ValueAt(int index) => Parameters[index].Get(this);

    /// <summary>The value of a parameter as text, or null for an unknown name.</summary>
    public string? Get(string name) => Parameters.FirstOrDefault(p => p.Name == name)?.Get(this);

    /// <summary>
    /// This set with one parameter changed, or the reason it cannot be: an unknown name (the message lists the
    /// valid ones), a value that does not parse, or one that breaks a domain (checked on the whole set, so that
    /// for example alpha_low cannot pass alpha_high).
    /// </summary>
    public (SubnetHyperparameters? Value, LedgerError? Error) With(string name, string value)
    {
        var parameter = Parameters.FirstOrDefault(p => p.Name == name);
        if (parameter is null)
            return (null, new LedgerError(LedgerErrorCode.UnknownHyperparameter,
                $"Unknown hyperparameter '{name}'. Valid names: {string.Join(", ", Names)}."));
        try
        {
            var changed = parameter.Set(this, value.Trim());
            var problem = changed.Problem();
            return problem is null
                ? (changed, null)
                : (null, new LedgerError(LedgerErrorCode.InvalidHyperparameterValue, $"{name} = {value}: {problem}"));
        }
        catch (Exception e) when (e is FormatException or OverflowException or HyperparameterException)
        {
            return (null, new LedgerError(LedgerErrorCode.InvalidHyperparameterValue, $"{name} = {value}: {e.Message}"));
        }
    }

    /// <summary>What is wrong with the set as a whole, or null.</summary>
    public string? Problem()
    {
        try
        {
            Consensus.Validate();
        }
        catch (HyperparameterException e)
        {
            return e.Message;
        }
        if (MinBurn > MaxBurn) return $"min_burn ({MinBurn}) exceeds max_burn ({MaxBurn}).";
        if (MinDifficulty > MaxDifficulty) return $"min_difficulty ({MinDifficulty}) exceeds max_difficulty ({MaxDifficulty}).";
        if (MaxAllowedUids < 1) return "max_allowed_uids must be at least 1.";
        if (AdjustmentInterval < 1 || TargetRegistrationsPerInterval < 1) return "adjustment_interval and target_regs_per_interval must be at least 1.";
        return null;
    }

    private static Parameter OfEpoch<T>(string name, Func<Hyperparameters, T> get, Func<Hyperparameters, string, Hyperparameters> set) =>
        new(name, h => Format(get(h.Consensus)), (h, v) => h with { Consensus = set(h.Consensus, v) });

    private static Parameter OfRules<T>(string name, Func<SubnetHyperparameters, T> get, Func<SubnetHyperparameters, string, SubnetHyperparameters> set) =>
        new(name, h => Format(get(h)), set);

    private static string Format<T>(T value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static ulong Unsigned(string text, ulong max)
    {
        var value = ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value <= max ? value : throw new OverflowException($"must be at most {max}");
    }

    private static ulong Positive(string text, ulong max)
    {
        var value = Unsigned(text, max);
        return value >= 1 ? value : throw new OverflowException("must be at least 1");
    }

    private static bool Boolean(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException("expected true or false"),
    };
}
