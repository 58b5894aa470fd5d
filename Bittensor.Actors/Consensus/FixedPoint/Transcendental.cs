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

    private static readonly double[] Reciprocal = Enumerable.Range(0, 32).Select(i => i == 0 ? 0.0 : 1.0 / i).ToArray();

    // trunc(t / i) for t ≥ 0 and 2 ≤ i ≤ 31, without a hardware division: the double estimate is within one unit
    // below 2^50, and the remainder corrects it. The series runs 30 of these per exp, which dominated liquid alpha.
    private static long DivideBySmall(long t, int i)
    {
        if (t < 0 || t >= 1L << 50) return t / i;
        var q = (long)(t * Reciprocal[i]);
        var remainder = t - q * i;
        if (remainder < 0) q--;
        else if (remainder >= i) q++;
        return q;
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
