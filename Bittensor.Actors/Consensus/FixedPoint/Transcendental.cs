using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bittensor.Consensus.FixedPoint;

/// <summary>
/// The exponential and sigmoid of subtensor, ported literally because the liquid-alpha and YC1 outputs depend on
/// every truncation of them (yuma-spec §1.3).
/// </summary>
public static class Transcendental
{
    // substrate-fixed returns its I9F23 constant E for exp(1); in I32F32 bits that is 22802600 << 9.
    private static readonly I32F32 EulerI9F23 = I32F32.FromBits(11674931200);
    private static readonly I32F32 SafeExpLimit = I32F32.FromInt(20);

    /// <summary>
    /// <c>substrate_fixed::transcendental::exp</c>: a 31-term Taylor series with a floor multiply and a truncating
    /// divide per term; the reciprocal for negative inputs. Returns false where the chain's version errors
    /// (an overflow anywhere along the way).
    /// </summary>
    public static bool TryExp(I32F32 x, out I32F32 result)
    {
        if (x == I32F32.Zero) { result = I32F32.One; return true; }
        if (x == I32F32.One) { result = EulerI9F23; return true; }

        var y = x.Bits < 0 ? I32F32.SaturatingNeg(x) : x;
        if (x.Bits == long.MinValue) { result = default; return false; } // |MIN| is not representable
        var sum = y + I32F32.One;
        if (sum.Bits < y.Bits) { result = default; return false; }
        var term = y;
        for (var i = 2; i <= 31; i++)
        {
            if (!I32F32.TryMultiply(term, y, out term)) { result = default; return false; }
            term = I32F32.FromBits(DivideBySmall(term.Bits, i));
            // Once the term has floored to zero every later term is zero too.
            if (term.Bits == 0) break;
            var next = sum.Bits + term.Bits;
            if (next < sum.Bits) { result = default; return false; }
            sum = I32F32.FromBits(next);
        }

        if (x.Bits < 0)
        {
            if (!I32F32.TryDivide(I32F32.One.Bits, sum.Bits, out var reciprocal)) { result = default; return false; }
            result = I32F32.FromBits(reciprocal);
            return true;
        }
        result = sum;
        return true;
    }

    // trunc(t / i) for 2 ≤ i ≤ 31 without a hardware division: for 0 ≤ t < 2^50, floor(t · M_i / 2^56) with
    // M_i = ceil(2^56 / i) is exact (the rounding error of M_i stays below 2^-6 < 1/i). The series runs 30 of these
    // per exp, in a chain where each waits for the last, so their latency was most of liquid alpha's cost.
    private const int MagicShift = 56;
    private static readonly ulong[] Magic = Enumerable.Range(0, 32)
        .Select(i => i < 2 ? 0UL : (ulong)(((UInt128)1 << MagicShift) / (ulong)i) + 1)
        .ToArray();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static long DivideBySmall(long t, int i)
    {
        if ((ulong)t >= 1UL << 50) return t / i;
        var high = Math.BigMul((ulong)t, Magic[i], out var low);
        return (long)((high << (64 - MagicShift)) | (low >> MagicShift));
    }

    /// <summary>
    /// <see cref="ExpSafe"/> of many inputs. Each exp is a chain of 30 dependent multiply-and-divide steps, so one
    /// at a time the processor mostly waits; independent series are advanced together instead, eight per vector
    /// where the inputs allow, else four. Every lane performs exactly the operations of <see cref="TryExp"/>, so
    /// the results are the same bit for bit.
    /// </summary>
    public static void ExpSafe(ReadOnlySpan<I32F32> inputs, Span<I32F32> results)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k + 8 <= inputs.Length; k += 8)
            {
                if (TryExpSafe8(inputs.Slice(k, 8), results.Slice(k, 8))) continue;
                ExpSafe4(inputs.Slice(k, 4), results.Slice(k, 4));
                ExpSafe4(inputs.Slice(k + 4, 4), results.Slice(k + 4, 4));
            }
        }
        for (; k + 4 <= inputs.Length; k += 4) ExpSafe4(inputs.Slice(k, 4), results.Slice(k, 4));
        for (; k < inputs.Length; k++) results[k] = ExpSafe(inputs[k]);
    }

    // Four series interleaved in scalar registers; any overflow sends the four back to the one-at-a-time path.
    private static void ExpSafe4(ReadOnlySpan<I32F32> inputs, Span<I32F32> results)
    {
        var x0 = Clamp20(inputs[0]);
        var x1 = Clamp20(inputs[1]);
        var x2 = Clamp20(inputs[2]);
        var x3 = Clamp20(inputs[3]);
        if (!SeriesSum4(Magnitude(x0), Magnitude(x1), Magnitude(x2), Magnitude(x3), out var s0, out var s1, out var s2, out var s3))
        {
            for (var lane = 0; lane < 4; lane++) results[lane] = ExpSafe(inputs[lane]);
            return;
        }
        results[0] = FinishExp(x0, s0);
        results[1] = FinishExp(x1, s1);
        results[2] = FinishExp(x2, s2);
        results[3] = FinishExp(x3, s3);
    }

    private const long VectorInputLimit = 8L << 32;
    private static readonly ulong[] MagicHigh = Array.ConvertAll(Magic, m => m >> 32);
    private static readonly ulong[] MagicLow = Array.ConvertAll(Magic, m => m & uint.MaxValue);

    /// <summary>
    /// Eight exps in the lanes of one vector, for inputs within ±8 (liquid α stays within ±5 at the default
    /// steepness). There every term is below 2^44, so the 128-bit products of the scalar series can be assembled
    /// from 32-bit halves without overflow: floor(t·y / 2^32) and floor(p·M_i / 2^56) come out exactly as
    /// <see cref="MultiplyFloor"/> and <see cref="DivideBySmall"/> compute them. False (nothing written) when an
    /// input is outside that range.
    /// </summary>
    private static bool TryExpSafe8(ReadOnlySpan<I32F32> inputs, Span<I32F32> results)
    {
        Span<long> magnitudes = stackalloc long[8];
        for (var lane = 0; lane < 8; lane++)
        {
            var x = Clamp20(inputs[lane]);
            magnitudes[lane] = Magnitude(x);
            if (magnitudes[lane] > VectorInputLimit) return false;
        }

        var low32 = Vector512.Create((ulong)uint.MaxValue);
        var y = Vector512.Create(MemoryMarshal.Cast<long, ulong>(magnitudes));
        var yHigh = y >> 32;
        var yLow = y & low32;
        var term = y;
        var sum = y + Vector512.Create(1UL << 32);
        for (var i = 2; i <= 31; i++)
        {
            // floor(term · y / 2^32), from the four 32-bit partial products.
            var termHigh = term >> 32;
            var termLow = term & low32;
            var product = ((termHigh * yHigh) << 32) + termHigh * yLow + termLow * yHigh + ((termLow * yLow) >> 32);
            // trunc(product / i) = floor(product · M_i / 2^56), likewise.
            var productHigh = product >> 32;
            var productLow = product & low32;
            var magicHigh = Vector512.Create(MagicHigh[i]);
            var magicLow = Vector512.Create(MagicLow[i]);
            var middle = productHigh * magicLow + productLow * magicHigh + ((productLow * magicLow) >> 32);
            term = ((productHigh * magicHigh) << 8) + (middle >> 24);
            sum += term;
            if (term == Vector512<ulong>.Zero) break;
        }

        for (var lane = 0; lane < 8; lane++)
            results[lane] = FinishExp(Clamp20(inputs[lane]), (long)sum.GetElement(lane));
        return true;
    }

    private static I32F32 Clamp20(I32F32 x) => I32F32.Clamp(x, I32F32.SaturatingNeg(SafeExpLimit), SafeExpLimit);

    private static long Magnitude(I32F32 x) => x.Bits < 0 ? -x.Bits : x.Bits;

    // What TryExp does around the series: the two special inputs, then the reciprocal for negative inputs.
    private static I32F32 FinishExp(I32F32 x, long seriesSum)
    {
        if (x == I32F32.Zero) return I32F32.One;
        if (x == I32F32.One) return EulerI9F23;
        if (x.Bits >= 0) return I32F32.FromBits(seriesSum);
        return I32F32.TryDivide(I32F32.One.Bits, seriesSum, out var reciprocal) ? I32F32.FromBits(reciprocal) : I32F32.Zero;
    }

    // 1 + y + Σ_{i=2..31} term_i for four magnitudes at once, term_i = trunc(floor(term_{i-1} · y) / i); false on
    // any overflow (the caller then takes the one-at-a-time path, which reports it as the chain does).
    private static bool SeriesSum4(long y0, long y1, long y2, long y3, out long s0, out long s1, out long s2, out long s3)
    {
        const long One = 1L << 32;
        s0 = y0 + One; s1 = y1 + One; s2 = y2 + One; s3 = y3 + One;
        long t0 = y0, t1 = y1, t2 = y2, t3 = y3;
        var ok = true;
        for (var i = 2; i <= 31 && (t0 | t1 | t2 | t3) != 0; i++)
        {
            t0 = DivideBySmall(MultiplyFloor(t0, y0, ref ok), i);
            t1 = DivideBySmall(MultiplyFloor(t1, y1, ref ok), i);
            t2 = DivideBySmall(MultiplyFloor(t2, y2, ref ok), i);
            t3 = DivideBySmall(MultiplyFloor(t3, y3, ref ok), i);
            s0 += t0; s1 += t1; s2 += t2; s3 += t3;
            ok &= (s0 | s1 | s2 | s3) >= 0;
        }
        return ok;
    }

    // floor(a · b / 2^32) for non-negative a and b; clears `ok` when the result does not fit in 63 bits.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static long MultiplyFloor(long a, long b, ref bool ok)
    {
        var high = Math.BigMul((ulong)a, (ulong)b, out var low);
        ok &= high >> 31 == 0;
        return (long)((high << 32) | (low >> 32));
    }

    /// <summary><c>exp_safe</c>: the input clamped to [−20, 20]; on an error 0 for inputs ≤ 0, otherwise MAX.</summary>
    public static I32F32 ExpSafe(I32F32 input)
    {
        var safeInput = I32F32.Clamp(input, I32F32.SaturatingNeg(SafeExpLimit), SafeExpLimit);
        if (TryExp(safeInput, out var value)) return value;
        return safeInput <= I32F32.Zero ? I32F32.Zero : I32F32.MaxValue;
    }

    /// <summary>
    /// <c>sigmoid_safe(x, ρ, κ) = 1 / (1 + exp_safe(−ρ·(x − κ)))</c> with saturating steps and a safe division: the
    /// consensus curve of YC1.
    /// </summary>
    public static I32F32 SigmoidSafe(I32F32 input, I32F32 rho, I32F32 kappa)
    {
        var offset = I32F32.SaturatingSub(input, kappa);
        var negativeRho = I32F32.SaturatingMul(rho, I32F32.SaturatingNeg(I32F32.One));
        var exponent = I32F32.SaturatingMul(negativeRho, offset);
        var denominator = I32F32.SaturatingAdd(ExpSafe(exponent), I32F32.One);
        return I32F32.SafeDiv(I32F32.One, denominator);
    }
}
