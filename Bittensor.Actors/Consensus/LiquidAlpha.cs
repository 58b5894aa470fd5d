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
    // exp_safe is a 31-term series; a direct-mapped memo of its results saves most of them, because many
    // weights sit at or below consensus and share an exponent. The memo only ever returns exp_safe's own value.
    private readonly long[] _memoInput = new long[MemoSize];
    private readonly I32F32[] _memoOutput = new I32F32[MemoSize];
    private const int MemoSize = 1 << 12;

    public LiquidAlpha(I32F32 low, I32F32 high, I32F32 steepness)
    {
        _low = low;
        _high = high;
        _slope = I32F32.SaturatingMul(I32F32.SaturatingDiv(steepness, MinusHundred), I32F32.One);
        Array.Fill(_memoInput, long.MinValue);
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
    public I32F32 AlphaSigmoid(I32F32 consensus, I32F32 weight, I32F32 bond)
    {
        var diffBuy = I32F32.Clamp(I32F32.SaturatingSub(weight, consensus), I32F32.Zero, I32F32.One);
        var diffSell = I32F32.Clamp(I32F32.SaturatingSub(bond, weight), I32F32.Zero, I32F32.One);
        var combinedDiff = weight >= bond ? diffBuy : diffSell;

        var exponent = I32F32.SaturatingMul(_slope, I32F32.SaturatingSub(combinedDiff, Half));
        var sigmoid = I32F32.SaturatingDiv(I32F32.One, I32F32.SaturatingAdd(I32F32.One, ExpSafe(exponent)));
        var alpha = I32F32.SaturatingAdd(_low, I32F32.SaturatingMul(sigmoid, I32F32.SaturatingSub(_high, _low)));
        return I32F32.Clamp(alpha, _low, _high);
    }

    private I32F32 ExpSafe(I32F32 exponent)
    {
        var slot = (int)((ulong)(exponent.Bits * unchecked((long)0x9E3779B97F4A7C15)) >> 52);
        if (_memoInput[slot] == exponent.Bits) return _memoOutput[slot];
        var value = Transcendental.ExpSafe(exponent);
        _memoInput[slot] = exponent.Bits;
        _memoOutput[slot] = value;
        return value;
    }

    /// <summary>
    /// α for the entries of one row of the bond-weights W̃ (in stored order). The chain looks up W̃_ij and B_ij by
    /// walking each row once with ascending j, which finds an entry only where the row is sorted by uid; the walk
    /// is reproduced, so unsorted rows see the same zeros the chain sees.
    /// </summary>
    public void FillRow(
        ReadOnlySpan<int> weightColumns, ReadOnlySpan<I32F32> weightValues,
        ReadOnlySpan<int> bondColumns, ReadOnlySpan<I32F32> bondValues,
        ReadOnlySpan<I32F32> consensus, Span<I32F32> alphas)
    {
        var order = AscendingOrder(weightColumns);
        int weightCursor = 0, bondCursor = 0;
        foreach (var k in order)
        {
            var j = weightColumns[k];
            var weight = Walk(weightColumns, weightValues, j, ref weightCursor);
            var bond = Walk(bondColumns, bondValues, j, ref bondCursor);
            alphas[k] = AlphaSigmoid(consensus[j], weight, bond);
        }
    }

    // The chain's peekable walk: skip entries with a smaller uid, report the entry if its uid is j, never step past it.
    private static I32F32 Walk(ReadOnlySpan<int> columns, ReadOnlySpan<I32F32> values, int j, ref int cursor)
    {
        while (cursor < columns.Length && columns[cursor] < j) cursor++;
        return cursor < columns.Length && columns[cursor] == j ? values[cursor] : I32F32.Zero;
    }

    private static int[] AscendingOrder(ReadOnlySpan<int> columns)
    {
        var order = new int[columns.Length];
        var sorted = true;
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
            if (k > 0 && columns[k] < columns[k - 1]) sorted = false;
        }
        if (!sorted)
        {
            var keys = columns.ToArray();
            Array.Sort(keys, order); // columns within a row are distinct, so stability does not matter
        }
        return order;
    }
}
