using System.Runtime.CompilerServices;

namespace Bittensor.Consensus.FixedPoint;

/// <summary>
/// <see cref="I32F32.SafeDiv"/> by one divisor many times over (a row or column sum, a column maximum): the
/// normalisations divide every entry of a matrix by a handful of shared divisors. A double reciprocal estimates
/// each quotient to within one unit and the exact remainder corrects it, so the result is the truncating quotient
/// bit for bit; values outside the estimate's range take <see cref="I32F32.SafeDiv"/> itself.
/// </summary>
internal readonly struct FixedDivisor
{
    private const double TwoToThe32 = 4294967296.0;
    private const long EstimateLimit = 1L << 50;

    private readonly I32F32 _divisor;
    private readonly double _scale;
    private readonly bool _fast;

    public FixedDivisor(I32F32 divisor)
    {
        _divisor = divisor;
        _fast = divisor.Bits > 0 && divisor.Bits < 1L << 59;
        _scale = _fast ? TwoToThe32 / divisor.Bits : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public I32F32 Divide(I32F32 value)
    {
        var a = value.Bits;
        if (_fast && (ulong)a < EstimateLimit)
        {
            var d = _divisor.Bits;
            var q = (long)(a * _scale);
            // a·2^32 − q·d, exact in wrapping arithmetic because the true remainder is within a few divisors.
            var remainder = unchecked((a << 32) - q * d);
            if (remainder < 0) { q--; remainder += d; }
            else if (remainder >= d) { q++; remainder -= d; }
            if ((ulong)remainder < (ulong)d) return I32F32.FromBits(q);
        }
        return I32F32.SafeDiv(value, _divisor);
    }
}
