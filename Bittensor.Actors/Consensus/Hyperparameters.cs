using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>
/// The subnet hyperparameters the epoch reads, in the chain's raw units and with its defaults
/// (<c>runtime/src/lib.rs</c> at subtensor 14bc6f9, yuma-spec §5). <see cref="Validate"/> refuses a value outside its
/// domain with an error that names the parameter; nothing is clamped silently.
/// </summary>
public sealed record Hyperparameters
{
    /// <summary>Blocks between epochs. 0 means the subnet never runs its epoch.</summary>
    public int Tempo { get; init; } = 360;

    /// <summary>
    /// Blocks since a validator's last weights after which it counts as inactive (resolved from the chain's
    /// ‰-of-tempo factor: 13889‰ of tempo 360 is 5000).
    /// </summary>
    public ulong ActivityCutoffBlocks { get; init; } = 5000;

    /// <summary>κ as u16 (κ = kappa / 65535): the share of active stake whose support sets consensus.</summary>
    public int Kappa { get; init; } = 32767;

    /// <summary>ρ, the YC1 sigmoid's steepness (unused by <see cref="ConsensusVariant.Yuma"/>).</summary>
    public int Rho { get; init; } = 10;

    /// <summary>Bonds moving average in millionths: the EMA keeps this share of old bonds (α = 1 − bma/10⁶).</summary>
    public ulong BondsMovingAverage { get; init; } = 900_000;

    /// <summary>β as u16: how far bonds follow clipped rather than raw weights (65535 = fully clipped).</summary>
    public int BondsPenalty { get; init; } = 65535;

    /// <summary>K: how many uids with the largest stake hold validator permits.</summary>
    public int MaxAllowedValidators { get; init; } = 128;

    /// <summary>Minimum stake (rao) to count in the epoch; the subnet owner is exempt.</summary>
    public ulong StakeThreshold { get; init; }

    /// <summary>Yuma3: bonds are fixed proportions updated by an EMA towards the weights (relative bonds).</summary>
    public bool Yuma3Enabled { get; init; }

    /// <summary>Liquid alpha: a per-bond EMA rate from a sigmoid of the weight's distance to consensus (Yuma3 only).</summary>
    public bool LiquidAlphaEnabled { get; init; }

    /// <summary>Lower bound of the liquid α, as u16 (0.7 by default).</summary>
    public int AlphaLow { get; init; } = 45875;

    /// <summary>Upper bound of the liquid α, as u16 (0.9 by default).</summary>
    public int AlphaHigh { get; init; } = 58982;

    /// <summary>Steepness of the liquid-α sigmoid; the chain divides it by −100 (1000 → −10).</summary>
    public int AlphaSigmoidSteepness { get; init; } = 1000;

    /// <summary>Commit-reveal: weights committed after a miner registered are masked for it.</summary>
    public bool CommitRevealEnabled { get; init; } = true;

    /// <summary>Median consensus (today's chain) or the whitepaper's sigmoid.</summary>
    public ConsensusVariant Consensus { get; init; } = ConsensusVariant.Yuma;

    /// <summary>The chain's defaults.</summary>
    public static Hyperparameters Default { get; } = new();

    /// <summary>Throws <see cref="HyperparameterException"/> for the first value outside its domain.</summary>
    public Hyperparameters Validate()
    {
        RequireRange(nameof(Tempo), Tempo, 0, ushort.MaxValue);
        RequireRange(nameof(Kappa), Kappa, 0, ushort.MaxValue);
        RequireRange(nameof(Rho), Rho, 0, ushort.MaxValue);
        if (BondsMovingAverage > 1_000_000)
            throw Error(nameof(BondsMovingAverage), BondsMovingAverage, "0 to 1000000 (millionths)");
        RequireRange(nameof(BondsPenalty), BondsPenalty, 0, ushort.MaxValue);
        RequireRange(nameof(MaxAllowedValidators), MaxAllowedValidators, 0, ushort.MaxValue);
        RequireRange(nameof(AlphaLow), AlphaLow, 0, ushort.MaxValue);
        RequireRange(nameof(AlphaHigh), AlphaHigh, 0, ushort.MaxValue);
        if (AlphaLow > AlphaHigh)
            throw new HyperparameterException(nameof(AlphaLow),
                $"{nameof(AlphaLow)} ({AlphaLow}) must not exceed {nameof(AlphaHigh)} ({AlphaHigh}).");
        RequireRange(nameof(AlphaSigmoidSteepness), AlphaSigmoidSteepness, 0, short.MaxValue);
        if (!Enum.IsDefined(Consensus))
            throw Error(nameof(Consensus), Consensus, string.Join(" or ", Enum.GetNames<ConsensusVariant>()));
        return this;
    }

    /// <summary>κ as a proportion: <c>kappa / 65535</c>, truncated (32767 → 0.49999237).</summary>
    public I32F32 KappaFixed => I32F32.SafeDiv(I32F32.FromInt(Kappa), I32F32.FromInt(ushort.MaxValue));

    /// <summary>β as a proportion: <c>bonds_penalty / 65535</c>.</summary>
    public I32F32 BondsPenaltyFixed => I32F32.SafeDiv(I32F32.FromInt(BondsPenalty), I32F32.FromInt(ushort.MaxValue));

    /// <summary>
    /// The fixed EMA rate <c>α = 1 − bma / 10⁶</c>: the I64F64 quotient floored to I32F32 before the subtraction,
    /// as the chain does (900000 → 0.1 exactly as <c>from_num(0.1)</c>).
    /// </summary>
    public I32F32 BondsAlpha
    {
        get
        {
            var quotient = I64F64.SafeDiv(I64F64.FromU64(BondsMovingAverage), I64F64.FromU64(1_000_000));
            return I32F32.SaturatingSub(I32F32.One, quotient.ToI32F32());
        }
    }

    /// <summary>The liquid-α bounds as proportions (u16 / 65535).</summary>
    public (I32F32 Low, I32F32 High) AlphaBounds =>
        (EpochMath.U16ProportionToFixed((ushort)AlphaLow), EpochMath.U16ProportionToFixed((ushort)AlphaHigh));

    /// <summary>The chain's activity cutoff from its ‰-of-tempo factor: <c>max(1, factor · tempo / 1000)</c>.</summary>
    public static ulong ActivityCutoffFromFactor(int tempo, ulong factorMilli) =>
        Math.Max(1UL, factorMilli * (ulong)tempo / 1000);

    private static void RequireRange(string name, long value, long min, long max)
    {
        if (value < min || value > max) throw Error(name, value, $"{min} to {max}");
    }

    private static HyperparameterException Error(string name, object value, string domain) =>
        new(name, $"Hyperparameter {name} = {value} is outside its domain ({domain}).");
}
