using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class Epoch
{
    /// <summary>
    /// Original Yuma bonds: stored bonds (column-max-upscaled u16) column-normalised, ΔB = W̃ ∘ A column-normalised,
    /// <c>B' = colnorm(α · ΔB + (1 − α) · B)</c>; dividends <c>D = normalize(B' · I)</c>. B' is stored
    /// column-max-upscaled.
    /// </summary>
    /// <remarks>
    /// The chain runs this as eleven whole-matrix steps; here they are fused into three passes over the entries,
    /// each entry computed by the same fixed-point operations in the same order (so the results are identical):
    /// column sums are gathered while a matrix is written, and each division by them happens where the value is
    /// next read. The chain's step names stand beside the code.
    /// </remarks>
    private static (SparseRows<I32F32> Bonds, I32F32[] Dividends) ComputeYumaBondsAndDividends(
        Hyperparameters hyperparameters, EpochState state, SparseRows<I32F32> weightsForBonds,
        I32F32[] incentive, I32F32[] activeStake)
    {
        var n = state.N;
        var alpha = hyperparameters.BondsAlpha;
        var oneMinusAlpha = I32F32.SaturatingSub(I32F32.One, alpha);

        // Pass 1 — get_bonds_sparse + scalar_vec_mask_sparse_matrix, and row_hadamard_sparse(W̃, A):
        // both matrices written row by row, with their column sums for inplace_col_normalize_sparse.
        using var bonds = LoadBonds(hyperparameters, state, asProportions: false);
        var bondSums = EpochMath.ColumnSums(bonds, n);
        using var bondsDelta = weightsForBonds.Clone();
        var deltaSums = new I32F32[n];
        for (var i = 0; i < bondsDelta.RowCount; i++)
        {
            var scale = activeStake[i];
            var columns = bondsDelta.Columns(i);
            var values = bondsDelta.MutableValues(i);
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = I32F32.SaturatingMul(values[k], scale);
                if ((uint)columns[k] < (uint)n) deltaSums[columns[k]] = I32F32.SaturatingAdd(deltaSums[columns[k]], values[k]);
            }
        }
        var bondDivisors = EpochMath.ColumnDivisors(bondSums);
        var deltaDivisors = EpochMath.ColumnDivisors(deltaSums);

        // Pass 2 — mat_ema_sparse(colnorm(ΔB), colnorm(B), α) row by row, gathering the column sums of B'.
        var builder = new SparseRows<I32F32>.Builder(n, bondsDelta.EntryCount + bonds.EntryCount);
        var accumulator = new DenseRow(n);
        var emaSums = new I32F32[n];
        for (var i = 0; i < n; i++)
        {
            var deltaColumns = i < bondsDelta.RowCount ? bondsDelta.Columns(i) : [];
            var deltaValues = i < bondsDelta.RowCount ? bondsDelta.Values(i) : [];
            var bondColumns = bonds.Columns(i);
            var bondValues = bonds.Values(i);
            accumulator.Begin(deltaColumns.Length + bondColumns.Length);
            for (var k = 0; k < deltaColumns.Length; k++)
            {
                var j = deltaColumns[k];
                if ((uint)j >= (uint)n) continue;
                ref var cell = ref accumulator.At(j);
                cell = I32F32.SaturatingAdd(cell, I32F32.SaturatingMul(alpha, EpochMath.NormalizedBy(deltaValues[k], deltaSums[j], deltaDivisors[j])));
            }
            for (var k = 0; k < bondColumns.Length; k++)
            {
                var j = bondColumns[k];
                ref var cell = ref accumulator.At(j);
                cell = I32F32.SaturatingAdd(cell, I32F32.SaturatingMul(oneMinusAlpha, EpochMath.NormalizedBy(bondValues[k], bondSums[j], bondDivisors[j])));
            }
            var rowStart = builder.Count;
            accumulator.EmitPositive(builder);
            var emaColumns = builder.ColumnsSince(rowStart);
            var emaValues = builder.ValuesSince(rowStart);
            for (var k = 0; k < emaColumns.Length; k++) emaSums[emaColumns[k]] = I32F32.SaturatingAdd(emaSums[emaColumns[k]], emaValues[k]);
            builder.EndRow();
        }
        var emaBonds = builder.Build();
        var emaDivisors = EpochMath.ColumnDivisors(emaSums);

        // Pass 3 — inplace_col_normalize_sparse(B'), matmul_transpose_sparse(B', I) and the column maxima of
        // inplace_col_max_upscale_sparse; the upscale itself is done by the store (BondsToStore reads each value once).
        var dividends = new I32F32[n];
        var columnMax = new I32F32[n];
        for (var i = 0; i < n; i++)
        {
            var columns = emaBonds.Columns(i);
            var values = emaBonds.MutableValues(i);
            var sum = I32F32.Zero;
            for (var k = 0; k < values.Length; k++)
            {
                var j = columns[k];
                var normalized = EpochMath.NormalizedBy(values[k], emaSums[j], emaDivisors[j]);
                values[k] = normalized;
                sum = I32F32.SaturatingAdd(sum, I32F32.SaturatingMul(incentive[j], normalized));
                if (columnMax[j] < normalized) columnMax[j] = normalized;
            }
            dividends[i] = sum;
        }
        EpochMath.InplaceNormalize(dividends);

        // inplace_col_max_upscale_sparse: each column's maximum becomes 1.
        var maxDivisors = EpochMath.ColumnDivisors(columnMax);
        var entries = emaBonds.EntryCount;
        for (var e = 0; e < entries; e++)
        {
            var j = emaBonds.ColumnIndex[e];
            emaBonds.Value[e] = EpochMath.NormalizedBy(emaBonds.Value[e], columnMax[j], maxDivisors[j]);
        }
        return (emaBonds, dividends);
    }

    /// <summary>
    /// Yuma3 relative bonds: stored bonds read as proportions (u16 / 65535); B' is an EMA of B towards W̃, with a
    /// per-bond liquid α when it is on and consensus is not all zero; dividends
    /// <c>D_i = normalize((Σ_j colnorm(B')_ij · I_j) · A_i)</c>. B' is stored as it is.
    /// </summary>
    private static (SparseRows<I32F32> Bonds, I32F32[] Dividends) ComputeYuma3BondsAndDividends(
        Hyperparameters hyperparameters, EpochState state, SparseRows<I32F32> weightsForBonds,
        I32F32[] consensus, I32F32[] incentive, I32F32[] activeStake)
    {
        var n = state.N;
        using var bonds = LoadBonds(hyperparameters, state, asProportions: true);

        SparseRows<I32F32> emaBonds;
        if (hyperparameters.LiquidAlphaEnabled && Array.Exists(consensus, c => c != I32F32.Zero))
        {
            var liquidAlpha = LiquidAlpha.From(hyperparameters);
            emaBonds = EpochMath.MatEmaAlphaSparse(weightsForBonds, bonds, n, (i, _, alphas) =>
                liquidAlpha.FillRow(
                    weightsForBonds.Columns(i), weightsForBonds.Values(i),
                    i < bonds.RowCount ? bonds.Columns(i) : [], i < bonds.RowCount ? bonds.Values(i) : [],
                    consensus, alphas));
        }
        else
        {
            emaBonds = EpochMath.MatEmaSparse(weightsForBonds, bonds, hyperparameters.BondsAlpha, n);
        }

        using var normalizedBonds = emaBonds.Clone();
        EpochMath.InplaceColNormalizeSparse(normalizedBonds, n);
        using var bondIncentive = EpochMath.MatVecMulSparse(normalizedBonds, incentive);
        var bondsPerValidator = EpochMath.RowSumSparse(bondIncentive);

        var dividends = new I32F32[n];
        for (var i = 0; i < n; i++)
            dividends[i] = I32F32.TryMultiply(bondsPerValidator[i], activeStake[i], out var product) ? product : I32F32.Zero;
        EpochMath.InplaceNormalize(dividends);
        return (emaBonds, dividends);
    }

    /// <summary>
    /// Stored bonds as I32F32 (uids ≥ n ignored), without the bonds on uids registered since the previous epoch:
    /// <c>last_tempo ≤ block_at_registration_j</c>, where last_tempo is the block after the last epoch. Yuma reads
    /// the u16 as an integer (<c>u16_to_fixed</c>), Yuma3 as a proportion of 65535.
    /// </summary>
    private static SparseRows<I32F32> LoadBonds(Hyperparameters hyperparameters, EpochState state, bool asProportions)
    {
        var n = state.N;
        var lastTempo = state.LastMechanismStepBlock == 0
            ? (state.CurrentBlock > (ulong)hyperparameters.Tempo ? state.CurrentBlock - (ulong)hyperparameters.Tempo : 0)
            : (state.LastMechanismStepBlock == ulong.MaxValue ? ulong.MaxValue : state.LastMechanismStepBlock + 1);

        var stored = state.Bonds;
        var builder = new SparseRows<I32F32>.Builder(n, stored.EntryCount);
        for (var i = 0; i < n; i++)
        {
            if (i < stored.RowCount)
            {
                var columns = stored.Columns(i);
                var values = stored.Values(i);
                for (var k = 0; k < columns.Length; k++)
                {
                    var j = columns[k];
                    if ((uint)j < (uint)n && lastTempo > state.BlockAtRegistration[j])
                        builder.Add(j, asProportions ? EpochMath.U16ProportionToFixed(values[k]) : EpochMath.U16ToFixed(values[k]));
                }
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary>Bonds as the chain stores them: <c>u16(B'_ij)</c> for uids with a new permit, an empty row otherwise.</summary>
    private static SparseRows<ushort> BondsToStore(SparseRows<I32F32> bonds, bool[] newValidatorPermits)
    {
        var builder = new SparseRows<ushort>.Builder(newValidatorPermits.Length, bonds.EntryCount);
        for (var i = 0; i < newValidatorPermits.Length; i++)
        {
            if (newValidatorPermits[i] && i < bonds.RowCount)
            {
                var columns = bonds.Columns(i);
                var values = bonds.Values(i);
                for (var k = 0; k < columns.Length; k++) builder.Add(columns[k], EpochMath.FixedProportionToU16(values[k]));
            }
            builder.EndRow();
        }
        return builder.Build();
    }
}
