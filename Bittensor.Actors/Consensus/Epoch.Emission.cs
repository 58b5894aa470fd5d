using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class Epoch
{
    /// <summary>Emission shares and their amounts in rao.</summary>
    private readonly record struct EmissionTerms(ulong[] Server, ulong[] Validator, ulong[] Combined, I32F32[] CombinedShare);

    /// <summary>
    /// Miners receive incentive and validators dividends, each divided by <c>Σ(I + D)</c> (half and half when both
    /// are normalised). With nothing to share (no usable weights) validators are paid by active stake, or by
    /// stake when no stake is active. Amounts are <c>floor(share · rao_emission)</c> in I96F32.
    /// </summary>
    private static EmissionTerms ComputeEmission(EpochState state, I32F32[] stake, I32F32[] activeStake, I32F32[] incentive, I32F32[] dividends)
    {
        var n = state.N;
        var combined = new I32F32[n];
        for (var i = 0; i < n; i++) combined[i] = I32F32.SaturatingAdd(incentive[i], dividends[i]);
        var emissionSum = EpochMath.Sum(combined);

        var serverShare = (I32F32[])incentive.Clone();
        var validatorShare = (I32F32[])dividends.Clone();
        var combinedShare = combined;
        EpochMath.InplaceNormalizeUsingSum(serverShare, emissionSum);
        EpochMath.InplaceNormalizeUsingSum(validatorShare, emissionSum);
        EpochMath.InplaceNormalize(combinedShare);

        if (emissionSum == I32F32.Zero)
        {
            var fallback = EpochMath.IsZero(activeStake) ? stake : activeStake;
            validatorShare = (I32F32[])fallback.Clone();
            combinedShare = (I32F32[])fallback.Clone();
        }

        var rao = I96F32.FromU64(state.RaoEmission);
        return new(ToRao(serverShare, rao), ToRao(validatorShare, rao), ToRao(combinedShare, rao), combinedShare);
    }

    private static ulong[] ToRao(I32F32[] shares, I96F32 rao) =>
        Array.ConvertAll(shares, share => I96F32.SaturatingMul(I96F32.FromI32F32(share), rao).SaturatingToU64());

    /// <summary>
    /// The scores removed from the chain in 2025-10: rank is the stored incentive, trust is the clipped share of
    /// the unclipped stake-weighted support <c>R_j / P_j</c>, and the pruning score is the combined emission share
    /// max-upscaled to u16.
    /// </summary>
    private static LegacyScores ComputeLegacyScores(
        SparseRows<I32F32> weights, I32F32[] activeStake, I32F32[] ranks, I32F32[] incentive, I32F32[] combinedShare, int n)
    {
        var preranks = EpochMath.MatmulSparse(weights, activeStake, n);
        var trust = new ushort[n];
        for (var j = 0; j < n; j++) trust[j] = EpochMath.FixedProportionToU16(I32F32.SafeDiv(ranks[j], preranks[j]));
        var rank = Array.ConvertAll(incentive, EpochMath.FixedProportionToU16);
        return new LegacyScores(rank, trust, EpochMath.VecMaxUpscaleToU16(combinedShare));
    }
}
