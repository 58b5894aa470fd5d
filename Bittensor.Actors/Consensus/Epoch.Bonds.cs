using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class Epoch
{
    /// <summary>
    /// Original Yuma bonds: stored bonds (column-max-upscaled u16) column-normalised, ΔB = W̃ ∘ A column-normalised,
    /// <c>B' = colnorm(α · ΔB + (1 − α) · B)</c>; dividends <c>D = normalize(B' · I)</c>. B' is stored
    /// column-max-upscaled, for the rows with a new permit.
    /// </summary>
    /// <remarks>
    /// The chain runs this as a dozen whole-matrix steps; here they are fused into four passes over the entries,
    /// each entry computed by the same fixed-point operations in the same order, so the results are identical.
    /// Column sums are gathered in a first pass; B and ΔB are never stored, because re-deriving an entry (a shift,
    /// or one multiply) is cheaper than writing and reading it back. The chain's step names stand beside the code.
    /// </remarks>
    private static (SparseRows<ushort> Stored, I32F32[] Dividends) ComputeYumaBondsAndDividends(
        Hyperparameters hyperparameters, EpochState state, SparseRows<I32F32> weightsForBonds,
        I32F32[] incentive, I32F32[] activeStake, bool[] newValidatorPermits)
    {
        var n = state.N;
        var alpha = hyperparameters.BondsAlpha;
        var oneMinusAlpha = I32F32.SaturatingSub(I32F32.One, alpha);
        var lastTempo = LastTempo(hyperparameters, state);
        var storedBonds = state.Bonds;

        // Pass 1 — the column sums of inplace_col_normalize_sparse for B (get_bonds_sparse after
        // scalar_vec_mask_sparse_matrix) and for ΔB = row_hadamard_sparse(W̃, A).
        var bondSums = new I32F32[n];
        for (var i = 0; i < storedBonds.RowCount && i < n; i++)
        {
            var columns = storedBonds.Columns(i);
            var values = storedBonds.Values(i);
            for (var k = 0; k < columns.Length; k++)
                if (KeepsBond(state, lastTempo, columns[k]))
                    bondSums[columns[k]] = I32F32.SaturatingAdd(bondSums[columns[k]], EpochMath.U16ToFixed(values[k]));
        }
        var deltaSums = new I32F32[n];
        for (var i = 0; i < weightsForBonds.RowCount; i++)
        {
            var scale = activeStake[i];
            var columns = weightsForBonds.Columns(i);
            var values = weightsForBonds.Values(i);
            for (var k = 0; k < columns.Length; k++)
                deltaSums[columns[k]] = I32F32.SaturatingAdd(deltaSums[columns[k]], I32F32.SaturatingMul(values[k], scale));
        }
        var bondDivisors = EpochMath.ColumnDivisors(bondSums);
        var deltaDivisors = EpochMath.ColumnDivisors(deltaSums);

        // Pass 2 — mat_ema_sparse(colnorm(ΔB), colnorm(B), α) row by row, gathering the column sums of B'.
        var builder = new SparseRows<I32F32>.Builder(n, weightsForBonds.EntryCount + storedBonds.EntryCount, pooled: true);
        var accumulator = new DenseRow(n);
        var emaSums = new I32F32[n];
        for (var i = 0; i < n; i++)
        {
            var deltaColumns = i < weightsForBonds.RowCount ? weightsForBonds.Columns(i) : [];
            var weightValues = i < weightsForBonds.RowCount ? weightsForBonds.Values(i) : [];
            var bondColumns = i < storedBonds.RowCount ? storedBonds.Columns(i) : [];
            var bondValues = i < storedBonds.RowCount ? storedBonds.Values(i) : [];
            accumulator.Begin(deltaColumns.Length + bondColumns.Length);
            var scale = activeStake[i];
            for (var k = 0; k < deltaColumns.Length; k++)
            {
                var j = deltaColumns[k];
                var delta = I32F32.SaturatingMul(weightValues[k], scale);
                ref var cell = ref accumulator.At(j);
                cell = I32F32.SaturatingAdd(cell, I32F32.SaturatingMul(alpha, EpochMath.NormalizedBy(delta, deltaSums[j], deltaDivisors[j])));
            }
            for (var k = 0; k < bondColumns.Length; k++)
            {
                var j = bondColumns[k];
                if (!KeepsBond(state, lastTempo, j)) continue;
                var bond = EpochMath.U16ToFixed(bondValues[k]);
                ref var cell = ref accumulator.At(j);
                cell = I32F32.SaturatingAdd(cell, I32F32.SaturatingMul(oneMinusAlpha, EpochMath.NormalizedBy(bond, bondSums[j], bondDivisors[j])));
            }
            var rowStart = builder.Count;
            accumulator.EmitPositive(builder);
            var emaColumns = builder.ColumnsSince(rowStart);
            var emaValues = builder.ValuesSince(rowStart);
            for (var k = 0; k < emaColumns.Length; k++) emaSums[emaColumns[k]] = I32F32.SaturatingAdd(emaSums[emaColumns[k]], emaValues[k]);
            builder.EndRow();
        }
        using var emaBonds = builder.Build();
        var emaDivisors = EpochMath.ColumnDivisors(emaSums);

        // Pass 3 — inplace_col_normalize_sparse(B'), matmul_transpose_sparse(B', I), and the column maxima of
        // inplace_col_max_upscale_sparse.
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
                columnMax[j] = I32F32.Max(columnMax[j], normalized);
            }
            dividends[i] = sum;
        }
        EpochMath.InplaceNormalize(dividends);

        // Pass 4 — inplace_col_max_upscale_sparse (each column's maximum becomes 1) and the store: u16 per entry for
        // the rows with a new permit.
        var maxDivisors = EpochMath.ColumnDivisors(columnMax);
        var stored = new SparseRows<ushort>.Builder(n, emaBonds.EntryCount, pooled: false);
        for (var i = 0; i < n; i++)
        {
            if (newValidatorPermits[i])
            {
                var columns = emaBonds.Columns(i);
                var values = emaBonds.Values(i);
                for (var k = 0; k < columns.Length; k++)
                {
                    var j = columns[k];
                    stored.Add(j, EpochMath.FixedProportionToU16(EpochMath.NormalizedBy(values[k], columnMax[j], maxDivisors[j])));
                }
            }
            stored.EndRow();
        }
        return (stored.Build(), dividends);
    }

    /// <summary>
    /// Yuma3 relative bonds: stored bonds read as proportions (u16 / 65535); B' is an EMA of B towards W̃, with a
    /// per-bond liquid α when it is on and consensus is not all zero; dividends
    /// <c>D_i = normalize((Σ_j colnorm(B')_ij · I_j) · A_i)</c>. B' is stored as it is.
    /// </summary>
    private static (SparseRows<ushort> Stored, I32F32[] Dividends) ComputeYuma3BondsAndDividends(
        Hyperparameters hyperparameters, EpochState state, SparseRows<I32F32> weightsForBonds,
        I32F32[] consensus, I32F32[] incentive, I32F32[] activeStake, bool[] newValidatorPermits)
    {
        var n = state.N;
        using var bonds = LoadBonds(hyperparameters, state, asProportions: true);

        SparseRows<I32F32> emaBonds; // disposed below, once stored
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

        using var normalizedBonds = emaBonds.Clone(pooled: true);
        EpochMath.InplaceColNormalizeSparse(normalizedBonds, n);
        using var bondIncentive = EpochMath.MatVecMulSparse(normalizedBonds, incentive);
        var bondsPerValidator = EpochMath.RowSumSparse(bondIncentive);

        var dividends = new I32F32[n];
        for (var i = 0; i < n; i++)
            dividends[i] = I32F32.TryMultiply(bondsPerValidator[i], activeStake[i], out var product) ? product : I32F32.Zero;
        EpochMath.InplaceNormalize(dividends);
        var stored = BondsToStore(emaBonds, newValidatorPermits);
        emaBonds.Dispose();
        return (stored, dividends);
    }

    /// <summary>
    /// Stored bonds as I32F32 (uids ≥ n ignored), without the bonds on uids registered since the previous epoch.
    /// Yuma reads the u16 as an integer (<c>u16_to_fixed</c>), Yuma3 as a proportion of 65535.
    /// </summary>
    private static SparseRows<I32F32> LoadBonds(Hyperparameters hyperparameters, EpochState state, bool asProportions)
    {
        var n = state.N;
        var lastTempo = LastTempo(hyperparameters, state);
        var stored = state.Bonds;
        var builder = new SparseRows<I32F32>.Builder(n, stored.EntryCount, pooled: true);
        for (var i = 0; i < n; i++)
        {
            if (i < stored.RowCount)
            {
                var columns = stored.Columns(i);
                var values = stored.Values(i);
                for (var k = 0; k < columns.Length; k++)
                {
                    if (!KeepsBond(state, lastTempo, columns[k])) continue;
                    builder.Add(columns[k], asProportions ? EpochMath.U16ProportionToFixed(values[k]) : EpochMath.U16ToFixed(values[k]));
                }
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary>The block after the previous epoch (<c>current_block − tempo</c> before the first one).</summary>
    private static ulong LastTempo(Hyperparameters hyperparameters, EpochState state) =>
        state.LastMechanismStepBlock == 0
            ? (state.CurrentBlock > (ulong)hyperparameters.Tempo ? state.CurrentBlock - (ulong)hyperparameters.Tempo : 0)
            : (state.LastMechanismStepBlock == ulong.MaxValue ? ulong.MaxValue : state.LastMechanismStepBlock + 1);

    /// <summary>
    /// A bond on uid j is kept unless j ≥ n or j registered since the previous epoch
    /// (<c>last_tempo ≤ block_at_registration_j</c>).
    /// </summary>
    private static bool KeepsBond(EpochState state, ulong lastTempo, int j) =>
        (uint)j < (uint)state.N && lastTempo > state.BlockAtRegistration[j];

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
