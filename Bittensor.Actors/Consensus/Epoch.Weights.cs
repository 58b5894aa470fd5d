using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class Epoch
{
    /// <summary>
    /// W: stored weights as I32F32 integers (u16 &lt;&lt; 32, uids ≥ n ignored), without the rows of forbidden
    /// validators, without self-weights (the owner keeps its own), without weights set at or before their target's
    /// registration, without weights committed before it (commit-reveal), each row normalised.
    /// </summary>
    private static SparseRows<I32F32> MaskWeights(Hyperparameters hyperparameters, EpochState state, bool[] validatorForbids)
    {
        var n = state.N;
        var stored = state.Weights;
        var filter = new WeightMask(state, validatorForbids, hyperparameters.CommitRevealEnabled);
        var builder = new SparseRows<I32F32>.Builder(n, stored.EntryCount, pooled: true);
        for (var i = 0; i < n; i++)
        {
            if (i < stored.RowCount && filter.KeepsRow(i))
            {
                var start = builder.Count;
                var columns = stored.Columns(i);
                var values = stored.Values(i);
                for (var k = 0; k < columns.Length; k++)
                    if (filter.Keep(i, columns[k])) builder.Add(columns[k], EpochMath.U16ToFixed(values[k]));
                // inplace_row_normalize_sparse, while the row is still in cache.
                EpochMath.InplaceNormalizeRow(builder.ValuesSince(start));
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    private readonly struct WeightMask(EpochState state, bool[] validatorForbids, bool commitReveal)
    {
        // mask_rows_sparse: a row past the end of the forbid vector is masked (an empty vector masks every row).
        public bool KeepsRow(int row) => row < validatorForbids.Length && !validatorForbids[row];

        public bool Keep(int row, int column)
        {
            if ((uint)column >= (uint)state.N) return false;
            if (row == column && state.OwnerUid != row) return false;
            var registered = state.BlockAtRegistration[column];
            var lastUpdate = row < state.LastUpdate.Length ? state.LastUpdate[row] : 0;
            if (lastUpdate <= registered) return false;
            if (commitReveal)
            {
                var commitBlock = row < state.CommitBlock.Length ? state.CommitBlock[row] : ulong.MaxValue;
                if (commitBlock < registered) return false;
            }
            return true;
        }
    }

    /// <summary>
    /// Yuma Consensus: C_j is the largest weight that κ of active stake supports (stake-weighted median), W̄ clips
    /// weights at it, validator trust is each row's clipped sum, and incentive is <c>normalize(Σ_i A_i · W̄_ij)</c>.
    /// </summary>
    private static ConsensusTerms ComputeMedianConsensus(Hyperparameters hyperparameters, SparseRows<I32F32> weights, I32F32[] activeStake, int n)
    {
        var consensus = EpochMath.WeightedMedianColSparse(activeStake, weights, n, hyperparameters.KappaFixed);

        // col_clip_sparse, row_sum_sparse and matmul_sparse in one pass over the weights: each clipped entry is
        // summed into its validator's trust and, weighted by that validator's active stake, into its column's rank,
        // with the same operations the three chain functions apply one after another.
        var builder = new SparseRows<I32F32>.Builder(weights.RowCount, weights.EntryCount, pooled: true);
        var validatorTrust = new I32F32[weights.RowCount];
        var ranks = new I32F32[n];
        for (var i = 0; i < weights.RowCount; i++)
        {
            var scale = i < activeStake.Length ? activeStake[i] : I32F32.Zero;
            var columns = weights.Columns(i);
            var values = weights.Values(i);
            long rowSum = 0;
            for (var k = 0; k < columns.Length; k++)
            {
                var j = columns[k];
                var threshold = consensus[j];
                var value = values[k];
                // A weight above a consensus of zero is dropped, not clipped to zero (rare, so predictable); otherwise
                // the clip is a branch-free minimum (half the weights lie above consensus, in no order).
                if (threshold <= I32F32.Zero && threshold < value) continue;
                var clipped = I32F32.Min(threshold, value);
                builder.Add(j, clipped);
                rowSum = unchecked(rowSum + clipped.Bits);
                ranks[j] = I32F32.SaturatingAdd(ranks[j], I32F32.SaturatingMul(scale, clipped));
            }
            validatorTrust[i] = I32F32.FromBits(rowSum);
            builder.EndRow();
        }
        var clippedWeights = builder.Build();
        var incentive = (I32F32[])ranks.Clone();
        EpochMath.InplaceNormalize(incentive);
        return new(consensus, clippedWeights, validatorTrust, ranks, incentive);
    }

    /// <summary>
    /// YC1: trust T_j is the active stake that put a non-zero weight on j; consensus is
    /// <c>sigmoid_safe(T_j, ρ, κ)</c>; incentive is <c>normalize(rank ⊙ consensus)</c> with
    /// <c>rank_j = Σ_i A_i · W_ij</c>. Weights are not clipped, so validator trust is each row's sum.
    /// </summary>
    private static ConsensusTerms ComputeSigmoidConsensus(Hyperparameters hyperparameters, SparseRows<I32F32> weights, I32F32[] activeStake, int n)
    {
        var trust = new I32F32[n];
        for (var i = 0; i < weights.RowCount; i++)
        {
            var columns = weights.Columns(i);
            var values = weights.Values(i);
            for (var k = 0; k < columns.Length; k++)
                if (values[k] > I32F32.Zero) trust[columns[k]] = I32F32.SaturatingAdd(trust[columns[k]], activeStake[i]);
        }
        var rho = I32F32.FromInt(hyperparameters.Rho);
        var kappa = hyperparameters.KappaFixed;
        var consensus = Array.ConvertAll(trust, t => Transcendental.SigmoidSafe(t, rho, kappa));

        var validatorTrust = EpochMath.RowSumSparse(weights);
        var ranks = EpochMath.MatmulSparse(weights, activeStake, n);
        var incentive = new I32F32[n];
        for (var j = 0; j < n; j++) incentive[j] = I32F32.SaturatingMul(ranks[j], consensus[j]);
        EpochMath.InplaceNormalize(incentive);
        return new(consensus, weights, validatorTrust, ranks, incentive);
    }

    /// <summary>The outputs of the consensus step; <c>Ranks</c> are the unnormalised incentive (legacy trust needs them).</summary>
    private readonly record struct ConsensusTerms(
        I32F32[] Consensus, SparseRows<I32F32> ClippedWeights, I32F32[] ValidatorTrust, I32F32[] Ranks, I32F32[] Incentive);
}
