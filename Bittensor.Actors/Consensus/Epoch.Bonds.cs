using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class Epoch
{
    /// <summary>
    /// Original Yuma bonds: stored bonds (column-max-upscaled u16) column-normalised, ΔB = W̃ ∘ A column-normalised,
    /// <c>B' = colnorm(α · ΔB + (1 − α) · B)</c>; dividends <c>D = normalize(B' · I)</c>. B' is stored
    /// column-max-upscaled.
    /// </summary>
    private static (SparseRows<I32F32> Bonds, I32F32[] Dividends) ComputeYumaBondsAndDividends(
        Hyperparameters hyperparameters, EpochState state, SparseRows<I32F32> weightsForBonds,
        I32F32[] incentive, I32F32[] activeStake)
    {
        var n = state.N;
        using var bonds = LoadBonds(hyperparameters, state, EpochMath.U16ToFixed);
        EpochMath.InplaceColNormalizeSparse(bonds, n);

        using var bondsDelta = weightsForBonds.Clone();
        EpochMath.InplaceRowHadamardSparse(bondsDelta, activeStake);
        EpochMath.InplaceColNormalizeSparse(bondsDelta, n);

        var emaBonds = EpochMath.MatEmaSparse(bondsDelta, bonds, hyperparameters.BondsAlpha, n);
        EpochMath.InplaceColNormalizeSparse(emaBonds, n);

        var dividends = EpochMath.MatmulTransposeSparse(emaBonds, incentive);
        EpochMath.InplaceNormalize(dividends);

        EpochMath.InplaceColMaxUpscaleSparse(emaBonds, n);
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
        using var bonds = LoadBonds(hyperparameters, state, EpochMath.U16ProportionToFixed);

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
    /// <c>last_tempo ≤ block_at_registration_j</c>, where last_tempo is the block after the last epoch.
    /// </summary>
    private static SparseRows<I32F32> LoadBonds(Hyperparameters hyperparameters, EpochState state, Func<ushort, I32F32> decode)
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
                    if ((uint)j < (uint)n && lastTempo > state.BlockAtRegistration[j]) builder.Add(j, decode(values[k]));
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
