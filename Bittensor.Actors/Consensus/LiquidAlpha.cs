using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>
/// Liquid alpha of Yuma3 (<c>compute_liquid_alpha_values_sparse</c> and <c>alpha_sigmoid</c>): each bond moves
/// towards its weight at a rate between α_low and α_high, faster the further the weight is from consensus
/// (buying) or the bond is above the weight (selling).
/// </summary>
public sealed class LiquidAlpha
{
    private static readonly I32F32 Half = I32F32.FromBits(1L << 31);
    private static readonly I32F32 MinusHundred = I32F32.FromInt(-100);

    private readonly I32F32 _low;
    private readonly I32F32 _high;
    private readonly I32F32 _slope;
    private readonly I32F32 _exponentAtZero;
    private readonly I32F32 _alphaAtZero;
    private I32F32[] _exponents = [];
    private I32F32[] _exps = [];
    private int[] _pending = [];

    public LiquidAlpha(I32F32 low, I32F32 high, I32F32 steepness)
    {
        _low = low;
        _high = high;
        _slope = I32F32.SaturatingDiv(steepness, MinusHundred);
        // A weight at or below consensus (or a bond at or below its weight) has d = 0: one α serves them all.
        _exponentAtZero = I32F32.SaturatingMul(_slope, I32F32.SaturatingSub(I32F32.Zero, Half));
        _alphaAtZero = AlphaFromExp(Transcendental.ExpSafe(_exponentAtZero));
    }

    public static LiquidAlpha From(Hyperparameters hyperparameters)
    {
        var (low, high) = hyperparameters.AlphaBounds;
        return new LiquidAlpha(low, high, I32F32.FromInt(hyperparameters.AlphaSigmoidSteepness));
    }

    /// <summary>
    /// <c>alpha_sigmoid</c>: <c>d</c> is how far the weight is above consensus when it is at least the bond, or how
    /// far the bond is above the weight otherwise (both clamped to [0, 1]);
    /// <c>α = clamp(α_low + σ(steepness/−100 · (d − ½)) · (α_high − α_low), α_low, α_high)</c>.
    /// </summary>
    public I32F32 AlphaSigmoid(I32F32 consensus, I32F32 weight, I32F32 bond) =>
        AlphaFromExp(Transcendental.ExpSafe(Exponent(consensus, weight, bond)));

    // The argument of exp_safe in alpha_sigmoid: steepness/−100 · (d − ½), saturating.
    private I32F32 Exponent(I32F32 consensus, I32F32 weight, I32F32 bond)
    {
        var diffBuy = I32F32.Clamp(I32F32.SaturatingSub(weight, consensus), I32F32.Zero, I32F32.One);
        var diffSell = I32F32.Clamp(I32F32.SaturatingSub(bond, weight), I32F32.Zero, I32F32.One);
        var combinedDiff = I32F32.Select(weight >= bond, diffBuy, diffSell);
        return I32F32.SaturatingMul(_slope, I32F32.SaturatingSub(combinedDiff, Half));
    }

    // The rest of alpha_sigmoid once exp_safe is known: σ = 1 / (1 + e), then α between its bounds.
    private I32F32 AlphaFromExp(I32F32 exp)
    {
        var sigmoid = I32F32.SaturatingDiv(I32F32.One, I32F32.SaturatingAdd(I32F32.One, exp));
        var alpha = I32F32.SaturatingAdd(_low, I32F32.SaturatingMul(sigmoid, I32F32.SaturatingSub(_high, _low)));
        return I32F32.Clamp(alpha, _low, _high);
    }

    /// <summary>
    /// α for the entries of one row of the bond-weights W̃ (in stored order). The chain looks up W̃_ij and B_ij by
    /// walking each row once with ascending j, which finds an entry only where the row is sorted by uid; the walk
    /// is reproduced, so unsorted rows see the same zeros the chain sees. The row's exponentials are computed
    /// together (<see cref="Transcendental.ExpSafe(ReadOnlySpan{I32F32}, Span{I32F32})"/>).
    /// </summary>
    public void FillRow(
        ReadOnlySpan<int> weightColumns, ReadOnlySpan<I32F32> weightValues,
        ReadOnlySpan<int> bondColumns, ReadOnlySpan<I32F32> bondValues,
        ReadOnlySpan<I32F32> consensus, Span<I32F32> alphas)
    {
        var count = weightColumns.Length;
        if (_exponents.Length < count)
        {
            _exponents = new I32F32[count];
            _exps = new I32F32[count];
            _pending = new int[count];
        }

        // Exponents first (entries with d = 0 take the shared α at once), then the others' exps together.
        var order = AscendingOrder(weightColumns);
        int weightCursor = 0, bondCursor = 0, pendingCount = 0;
        for (var position = 0; position < count; position++)
        {
            var k = order is null ? position : order[position];
            var j = weightColumns[k];
            var weight = Walk(weightColumns, weightValues, j, ref weightCursor);
            var bond = Walk(bondColumns, bondValues, j, ref bondCursor);
            var exponent = Exponent(consensus[j], weight, bond);
            if (exponent == _exponentAtZero)
            {
                alphas[k] = _alphaAtZero;
                continue;
            }
            _exponents[pendingCount] = exponent;
            _pending[pendingCount++] = k;
        }
        var exps = _exps.AsSpan(0, pendingCount);
        Transcendental.ExpSafe(_exponents.AsSpan(0, pendingCount), exps);
        for (var p = 0; p < pendingCount; p++) alphas[_pending[p]] = AlphaFromExp(exps[p]);
    }

    // The chain's peekable walk: skip entries with a smaller uid, report the entry if its uid is j, never step past it.
    private static I32F32 Walk(ReadOnlySpan<int> columns, ReadOnlySpan<I32F32> values, int j, ref int cursor)
    {
        while (cursor < columns.Length && columns[cursor] < j) cursor++;
        return cursor < columns.Length && columns[cursor] == j ? values[cursor] : I32F32.Zero;
    }

    // The entries' positions in ascending uid order, or null when the row is already sorted (the usual case).
    private static int[]? AscendingOrder(ReadOnlySpan<int> columns)
    {
        var sorted = true;
        for (var k = 1; k < columns.Length && sorted; k++) sorted = columns[k] > columns[k - 1];
        if (sorted) return null;
        var order = new int[columns.Length];
        for (var k = 0; k < order.Length; k++) order[k] = k;
        var keys = columns.ToArray();
        Array.Sort(keys, order); // columns within a row are distinct, so stability does not matter
        return order;
    }
}
