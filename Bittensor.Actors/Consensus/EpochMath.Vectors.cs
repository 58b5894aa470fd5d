using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>
/// The vector routines of subtensor's <c>epoch/math.rs</c>, under their Rust names in PascalCase. Each one keeps
/// the chain's exact arithmetic (floor multiplies, truncating safe divisions, plain or saturating sums as the chain
/// uses them), because the epoch's outputs are compared bit for bit.
/// </summary>
public static partial class EpochMath
{
    private static readonly I32F32 U16Max = I32F32.FromInt(ushort.MaxValue);
    private static readonly I32F32 UpscaleThreshold = I32F32.FromInt(32768);

    /// <summary><c>inplace_normalize</c>: divide by the plain sum unless it is zero.</summary>
    public static void InplaceNormalize(Span<I32F32> x) => InplaceNormalizeUsingSum(x, Sum(x));

    /// <summary><c>inplace_normalize_using_sum</c>: divide every entry by a given sum unless it is zero.</summary>
    public static void InplaceNormalizeUsingSum(Span<I32F32> x, I32F32 sum)
    {
        if (sum == I32F32.Zero) return;
        var divisor = new FixedDivisor(sum);
        for (var i = 0; i < x.Length; i++) x[i] = divisor.Divide(x[i]);
    }

    /// <summary>The chain's plain (wrapping) sum.</summary>
    public static I32F32 Sum(ReadOnlySpan<I32F32> x)
    {
        long sum = 0;
        foreach (var value in x) sum = unchecked(sum + value.Bits);
        return I32F32.FromBits(sum);
    }

    /// <summary><c>is_zero</c>: the plain sum is zero.</summary>
    public static bool IsZero(ReadOnlySpan<I32F32> x) => Sum(x) == I32F32.Zero;

    /// <summary>
    /// <c>inplace_mask_vector</c>: zero the entries whose mask is true. An empty mask masks nothing; a mask shorter
    /// than the vector masks the positions past its end.
    /// </summary>
    public static void InplaceMaskVector(ReadOnlySpan<bool> mask, Span<I32F32> vector)
    {
        if (mask.IsEmpty) return;
        for (var i = 0; i < vector.Length; i++)
            if (i >= mask.Length || mask[i]) vector[i] = I32F32.Zero;
    }

    /// <summary>
    /// <c>is_topk</c>: true for the k largest entries. The uids are stable-sorted ascending by value and the first
    /// n − k cleared, so on ties the lower uid loses. With fewer than k entries all are kept.
    /// </summary>
    public static bool[] IsTopK(ReadOnlySpan<I32F32> vector, int k)
    {
        var result = new bool[vector.Length];
        Array.Fill(result, true);
        ClearAllButTopK(vector, k, result);
        return result;
    }

    /// <summary><c>is_topk_nonzero</c>: as <see cref="IsTopK"/>, but zero entries are never kept.</summary>
    public static bool[] IsTopKNonzero(ReadOnlySpan<I32F32> vector, int k)
    {
        var result = new bool[vector.Length];
        for (var i = 0; i < vector.Length; i++) result[i] = vector[i] != I32F32.Zero;
        ClearAllButTopK(vector, k, result);
        return result;
    }

    private static void ClearAllButTopK(ReadOnlySpan<I32F32> vector, int k, bool[] result)
    {
        var n = vector.Length;
        if (n < k) return;
        // A stable ascending sort: ties ordered by uid, so the lower uid comes first and is cleared first. Values in
        // [0, 2^40) (every stake share) pack with their uid into one integer key, which sorts much faster.
        var packed = new long[n];
        var packable = true;
        for (var i = 0; i < n && packable; i++)
        {
            var bits = vector[i].Bits;
            packable = bits >= 0 && bits < 1L << 40;
            packed[i] = (bits << 17) | (long)i;
        }
        if (packable)
        {
            Array.Sort(packed);
            for (var r = 0; r < n - k; r++) result[(int)(packed[r] & 0x1FFFF)] = false;
            return;
        }
        var order = new (long Value, int Uid)[n];
        for (var i = 0; i < n; i++) order[i] = (vector[i].Bits, i);
        Array.Sort(order);
        for (var r = 0; r < n - k; r++) result[order[r].Uid] = false;
    }

    /// <summary><c>fixed_proportion_to_u16</c>: <c>floor(x · 65535)</c> clamped to 0…65535, how every stored u16 is made.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static ushort FixedProportionToU16(I32F32 x)
    {
        // Proportions in [0, 1] need no 128-bit product: x · 65535 fits in 64 bits.
        if ((ulong)x.Bits <= 1UL << 32) return (ushort)((x.Bits * ushort.MaxValue) >> 32);
        return I32F32.SaturatingMul(x, U16Max).SaturatingToU16();
    }

    /// <summary><c>u16_proportion_to_fixed</c>: <c>u / 65535</c> (truncated), the inverse of the storage encoding.</summary>
    public static I32F32 U16ProportionToFixed(ushort value) =>
        // (u << 32) / (65535 << 32) truncated is (u << 32) / 65535: a 48-bit numerator, a constant divisor.
        I32F32.FromBits((long)(((ulong)value << 32) / ushort.MaxValue));

    /// <summary><c>u16_to_fixed</c>: the integer u itself (<c>u &lt;&lt; 32</c>), not a proportion.</summary>
    public static I32F32 U16ToFixed(ushort value) => I32F32.FromBits((long)value << 32);

    /// <summary>
    /// <c>vec_max_upscale_to_u16</c>: scale so that the maximum becomes 65535. The two code paths (maximum above
    /// or at most 32768) round differently; both are the chain's.
    /// </summary>
    public static ushort[] VecMaxUpscaleToU16(ReadOnlySpan<I32F32> vector)
    {
        var result = new ushort[vector.Length];
        if (vector.IsEmpty) return result;
        var max = vector[0];
        foreach (var value in vector) max = I32F32.Max(max, value);

        if (max == I32F32.Zero)
        {
            for (var i = 0; i < vector.Length; i++) result[i] = I32F32.SaturatingMul(vector[i], U16Max).SaturatingToU16();
        }
        else if (max > UpscaleThreshold)
        {
            var ratio = I32F32.SafeDiv(U16Max, max);
            for (var i = 0; i < vector.Length; i++) result[i] = I32F32.SaturatingMul(vector[i], ratio).Round().SaturatingToU16();
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
                result[i] = I32F32.SafeDiv(I32F32.SaturatingMul(vector[i], U16Max), max).Round().SaturatingToU16();
        }
        return result;
    }

    /// <summary><c>vec_u16_max_upscale_to_u16</c>: the quantisation <c>set_weights</c> applies before storing a row.</summary>
    public static ushort[] VecU16MaxUpscaleToU16(ReadOnlySpan<ushort> vector)
    {
        var asFixed = new I32F32[vector.Length];
        for (var i = 0; i < vector.Length; i++) asFixed[i] = I32F32.FromInt(vector[i]);
        return VecMaxUpscaleToU16(asFixed);
    }

    /// <summary>
    /// <c>check_vec_max_limited</c>: whether the largest normalised weight is at most <c>limit / 65535</c> (the
    /// <c>max_weight_limit</c> rule of <c>set_weights</c>). An empty vector passes.
    /// </summary>
    public static bool CheckVecMaxLimited(ReadOnlySpan<ushort> vector, ushort maxLimit)
    {
        if (vector.IsEmpty) return true;
        var limit = I32F32.SafeDiv(I32F32.FromInt(maxLimit), U16Max);
        var asFixed = new I32F32[vector.Length];
        for (var i = 0; i < vector.Length; i++) asFixed[i] = I32F32.FromInt(vector[i]);
        InplaceNormalize(asFixed);
        var max = asFixed[0];
        foreach (var value in asFixed) max = I32F32.Max(max, value);
        return max <= limit;
    }
}
