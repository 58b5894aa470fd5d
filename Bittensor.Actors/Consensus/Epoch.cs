using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>What to compute beyond the chain's stored outputs.</summary>
public sealed record EpochOptions
{
    /// <summary>Also compute rank, trust and the pruning score of the chain before 2025-10.</summary>
    public bool LegacyScores { get; init; }

    /// <summary>Told as each phase completes (profiling); null by default.</summary>
    public IEpochObserver? Observer { get; init; }

    public static EpochOptions Default { get; } = new();
}

/// <summary>
/// One epoch of Yuma Consensus for one subnet, bit-exact with subtensor's sparse <c>epoch_mechanism</c>
/// (yuma-spec §3). <see cref="Run"/> reads as the chain's banner sections, one method each, in order.
/// </summary>
public static partial class Epoch
{
    /// <summary>
    /// Runs the epoch. Throws <see cref="HyperparameterException"/> or <see cref="EpochInputException"/> for malformed
    /// input, before any computation.
    /// </summary>
    public static EpochTerms Run(Hyperparameters hyperparameters, EpochState state, EpochOptions? options = null)
    {
        options ??= EpochOptions.Default;
        var observer = options.Observer;
        hyperparameters.Validate();
        state.Validate();
        var n = state.N;
        observer?.PhaseCompleted(EpochPhase.Validation);

        // == Active & updated ==
        var inactive = ComputeInactive(hyperparameters, state);
        observer?.PhaseCompleted(EpochPhase.Activity);

        // == Stake ==
        var stake = ComputeStake(hyperparameters, state);
        observer?.PhaseCompleted(EpochPhase.Stake);

        // == Validator permits ==
        var (validatorForbids, newValidatorPermits) = ComputeValidatorPermits(hyperparameters, state, stake);
        observer?.PhaseCompleted(EpochPhase.ValidatorPermits);

        // == Active stake ==
        var activeStake = ComputeActiveStake(stake, inactive, validatorForbids);
        observer?.PhaseCompleted(EpochPhase.ActiveStake);

        // == Weights ==
        using var weights = MaskWeights(hyperparameters, state, validatorForbids);
        observer?.PhaseCompleted(EpochPhase.Weights);

        // == Consensus, validator trust, incentive ==
        var (consensus, clippedWeights, validatorTrust, ranks, incentive) =
            hyperparameters.Consensus == ConsensusVariant.Yc1Sigmoid
                ? ComputeSigmoidConsensus(hyperparameters, weights, activeStake, n)
                : ComputeMedianConsensus(hyperparameters, weights, activeStake, n);
        observer?.PhaseCompleted(EpochPhase.Consensus);

        // == Bonds and dividends ==
        var weightsForBonds = EpochMath.InterpolateSparse(weights, clippedWeights, n, hyperparameters.BondsPenaltyFixed);
        var (bondsToStore, dividends) = hyperparameters.Yuma3Enabled
            ? ComputeYuma3BondsAndDividends(hyperparameters, state, weightsForBonds, consensus, incentive, activeStake, newValidatorPermits)
            : ComputeYumaBondsAndDividends(hyperparameters, state, weightsForBonds, incentive, activeStake, newValidatorPermits);
        observer?.PhaseCompleted(EpochPhase.BondsAndDividends);

        // == Emission ==
        var emission = ComputeEmission(state, stake, activeStake, incentive, dividends);
        observer?.PhaseCompleted(EpochPhase.Emission);
        var legacy = options.LegacyScores
            ? ComputeLegacyScores(weights, activeStake, ranks, incentive, emission.CombinedShare, n)
            : null;

        // The intermediate matrices go back to the pool; W̄ and W̃ may be W itself (YC1 does not clip; β = 0 or 1),
        // which `using` disposes.
        if (!ReferenceEquals(weightsForBonds, weights)) weightsForBonds.Dispose();
        if (!ReferenceEquals(clippedWeights, weights)) clippedWeights.Dispose();

        var active = new bool[n];
        for (var i = 0; i < n; i++) active[i] = !inactive[i];

        return new EpochTerms
        {
            Active = active,
            NewValidatorPermit = newValidatorPermits,
            Stake = stake,
            ActiveStake = activeStake,
            Consensus = consensus,
            Incentive = incentive,
            Dividends = dividends,
            ValidatorTrust = validatorTrust,
            ServerEmission = emission.Server,
            ValidatorEmission = emission.Validator,
            Emission = emission.Combined,
            Bonds = bondsToStore,
            Legacy = legacy,
        };
    }

    /// <summary>
    /// A uid is inactive when its last weights are older than the activity cutoff:
    /// <c>last_update + cutoff &lt; current_block</c>. Like the chain's <c>get_last_update</c>, a short
    /// <c>last_update</c> is padded with 0 (never updated) up to n.
    /// </summary>
    private static bool[] ComputeInactive(Hyperparameters hyperparameters, EpochState state)
    {
        var inactive = new bool[state.N];
        for (var i = 0; i < inactive.Length; i++)
        {
            var lastUpdate = i < state.LastUpdate.Length ? state.LastUpdate[i] : 0;
            var expiry = lastUpdate > ulong.MaxValue - hyperparameters.ActivityCutoffBlocks
                ? ulong.MaxValue
                : lastUpdate + hyperparameters.ActivityCutoffBlocks;
            inactive[i] = expiry < state.CurrentBlock;
        }
        return inactive;
    }

    /// <summary>
    /// S: stake below the threshold is zeroed (the owner is exempt), then normalised in I64F64 and floored to
    /// I32F32, i.e. <c>S_i = floor(s_i · 2^32 / Σs)</c>.
    /// </summary>
    private static I32F32[] ComputeStake(Hyperparameters hyperparameters, EpochState state)
    {
        var n = state.N;
        var filtered = new ulong[n];
        ulong total = 0;
        for (var i = 0; i < n; i++)
        {
            var exempt = state.OwnerUid == i;
            filtered[i] = !exempt && state.Stake[i] < hyperparameters.StakeThreshold ? 0 : state.Stake[i];
            total += filtered[i]; // fits: EpochState.Validate bounds the total by 2^63
        }

        var stake = new I32F32[n];
        if (total == 0) return stake;
        // The chain divides in I64F64 and then drops 32 fractional bits: floor(floor(s·2^64/Σ)/2^32) equals
        // floor(s·2^32/Σ), which is the I32F32 quotient of the raw integers (yuma-spec §12).
        var sum = I32F32.FromBits((long)total);
        for (var i = 0; i < n; i++)
            stake[i] = filtered[i] == 0 ? I32F32.Zero : I32F32.SafeDiv(I32F32.FromBits((long)filtered[i]), sum);
        return stake;
    }

    /// <summary>
    /// The permits stored by the previous epoch decide who validates now (the owner always may); the top-K non-zero
    /// stakes get the permits of the next epoch.
    /// </summary>
    private static (bool[] Forbids, bool[] NewPermits) ComputeValidatorPermits(
        Hyperparameters hyperparameters, EpochState state, I32F32[] stake)
    {
        var permits = (bool[])state.ValidatorPermit.Clone();
        if (state.OwnerUid is { } owner && owner < permits.Length) permits[owner] = true;
        var forbids = Array.ConvertAll(permits, permitted => !permitted);

        var newPermits = EpochMath.IsTopKNonzero(stake, hyperparameters.MaxAllowedValidators);
        if (state.OwnerUid is { } newOwner && newOwner < newPermits.Length) newPermits[newOwner] = true;
        return (forbids, newPermits);
    }

    /// <summary>A: stake of inactive or non-permitted uids removed, then renormalised.</summary>
    private static I32F32[] ComputeActiveStake(I32F32[] stake, bool[] inactive, bool[] validatorForbids)
    {
        var activeStake = (I32F32[])stake.Clone();
        EpochMath.InplaceMaskVector(inactive, activeStake);
        EpochMath.InplaceMaskVector(validatorForbids, activeStake);
        EpochMath.InplaceNormalize(activeStake);
        return activeStake;
    }
}
