using System.Globalization;
using System.Runtime.CompilerServices;

namespace Bittensor.Consensus.FixedPoint;

/// <summary>
/// Signed fixed-point number with 32 integer and 32 fractional bits: substrate-fixed's <c>I32F32</c>, the number
/// type of almost every step of subtensor's epoch. The value is <c>Bits / 2^32</c>.
/// </summary>
/// <remarks>
/// The chain's semantics are kept exactly, because the conformance vectors are bit-exact: a multiply floors
/// (arithmetic shift of the 128-bit product), a divide truncates toward zero, <see cref="SafeDiv"/> returns 0 on a
/// zero divisor or an overflow, and the <c>Saturating*</c> forms clamp. Plain <c>+</c> and <c>-</c> wrap like the
/// chain's release build; the epoch only uses them where the chain proves they cannot overflow.
/// </remarks>
public readonly struct I32F32 : IEquatable<I32F32>, IComparable<I32F32>
{
    public const int FractionalBits = 32;
    private const long OneBits = 1L << FractionalBits;

    public static readonly I32F32 Zero = default;
    public static readonly I32F32 One = new(OneBits);
    public static readonly I32F32 MaxValue = new(long.MaxValue);
    public static readonly I32F32 MinValue = new(long.MinValue);

    /// <summary>The raw two's-complement representation: value × 2^32.</summary>
    public long Bits { get; }

    private I32F32(long bits) => Bits = bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 FromBits(long bits) => new(bits);

    /// <summary>An integer value, saturated to the representable range (<c>saturating_from_num</c>).</summary>
    public static I32F32 FromInt(long value) =>
        value > int.MaxValue ? MaxValue : value < int.MinValue ? MinValue : new(value << FractionalBits);

    /// <summary>
    /// <c>from_num(f64)</c>: the exact binary value of <paramref name="value"/> rounded to the nearest
    /// representable number, ties to even, saturated. Used for constants and test literals only; the epoch never
    /// touches floating point.
    /// </summary>
    public static I32F32 FromDouble(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("NaN has no fixed-point value.", nameof(value));
        var scaled = Math.Round(value * OneBits, MidpointRounding.ToEven); // × 2^32 is exact in binary
        if (scaled >= 9.2233720368547758E18) return MaxValue;
        if (scaled < -9.2233720368547758E18) return MinValue;
        return new((long)scaled);
    }

    /// <summary><c>from_num(f32)</c> of a test literal: round to f32 first, then to I32F32 (both ties to even).</summary>
    public static I32F32 FromSingle(float value) => FromDouble(value);

    public double ToDouble() => Bits / (double)OneBits;

    /// <summary>Floor to an integer (<c>to_num</c>): an arithmetic shift.</summary>
    public long FloorToInt() => Bits >> FractionalBits;

    /// <summary><c>saturating_to_num::&lt;u16&gt;</c>: floor, then clamp to 0…65535.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort SaturatingToU16()
    {
        var integer = Bits >> FractionalBits;
        return integer <= 0 ? (ushort)0 : integer >= ushort.MaxValue ? ushort.MaxValue : (ushort)integer;
    }

    /// <summary><c>round()</c>: to the nearest integer, halves away from zero (the max-upscale routines use it).</summary>
    public I32F32 Round()
    {
        const long half = OneBits >> 1;
        const long fractionMask = OneBits - 1;
        if (Bits >= 0)
        {
            var rounded = (Bits + half) & ~fractionMask;
            return rounded < 0 ? MaxValue : new(rounded);
        }
        var magnitude = (-(Int128)Bits + half) & ~(Int128)fractionMask;
        return new((long)-magnitude);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 operator +(I32F32 a, I32F32 b) => new(unchecked(a.Bits + b.Bits));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 operator -(I32F32 a, I32F32 b) => new(unchecked(a.Bits - b.Bits));

    /// <summary>Floor multiply: <c>(a × b) &gt;&gt; 32</c> on the 128-bit product. Wraps on overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 operator *(I32F32 a, I32F32 b)
    {
        var high = Math.BigMul(a.Bits, b.Bits, out var low);
        return new(unchecked((high << 32) | (long)((ulong)low >> 32)));
    }

    /// <summary>Truncating divide. Throws on a zero divisor or an overflow, as the chain's plain <c>/</c> panics.</summary>
    public static I32F32 operator /(I32F32 a, I32F32 b)
    {
        if (b.Bits == 0) throw new DivideByZeroException("I32F32 division by zero.");
        return TryDivide(a.Bits, b.Bits, out var bits) ? new(bits) : throw new OverflowException("I32F32 division overflowed.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(I32F32 a, I32F32 b) => a.Bits == b.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(I32F32 a, I32F32 b) => a.Bits != b.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(I32F32 a, I32F32 b) => a.Bits < b.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(I32F32 a, I32F32 b) => a.Bits > b.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <=(I32F32 a, I32F32 b) => a.Bits <= b.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >=(I32F32 a, I32F32 b) => a.Bits >= b.Bits;

    // Min and max sit in the epoch's hottest loops (clipping at consensus, the liquid-α clamps) on data whose order
    // is random, where a compare-and-branch mispredicts half the time; these select without a branch. LessThanMask
    // is all ones when a < b (the sign of a − b, corrected for overflow: Hacker's Delight 2-12).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LessThanMask(long a, long b)
    {
        var difference = unchecked(a - b);
        return (difference ^ ((a ^ b) & (difference ^ a))) >> 63;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 Min(I32F32 a, I32F32 b) => new(b.Bits ^ ((a.Bits ^ b.Bits) & LessThanMask(a.Bits, b.Bits)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 Max(I32F32 a, I32F32 b) => new(a.Bits ^ ((a.Bits ^ b.Bits) & LessThanMask(a.Bits, b.Bits)));

    /// <summary><c>condition ? whenTrue : whenFalse</c> without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 Select(bool condition, I32F32 whenTrue, I32F32 whenFalse)
    {
        var mask = -(long)Unsafe.As<bool, byte>(ref condition);
        return new(whenFalse.Bits ^ ((whenTrue.Bits ^ whenFalse.Bits) & mask));
    }

    /// <summary><c>clamp_value</c>: <c>min(high)</c> first, then <c>max(low)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 Clamp(I32F32 value, I32F32 low, I32F32 high) => Max(Min(value, high), low);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 SaturatingAdd(I32F32 a, I32F32 b)
    {
        var sum = a.Bits + b.Bits;
        // Overflow happened iff both operands have the sign opposite to the result's.
        if (((a.Bits ^ sum) & (b.Bits ^ sum)) < 0) return a.Bits < 0 ? MinValue : MaxValue;
        return new(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 SaturatingSub(I32F32 a, I32F32 b)
    {
        var difference = a.Bits - b.Bits;
        if (((a.Bits ^ b.Bits) & (a.Bits ^ difference)) < 0) return a.Bits < 0 ? MinValue : MaxValue;
        return new(difference);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 SaturatingNeg(I32F32 a) => a.Bits == long.MinValue ? MaxValue : new(-a.Bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 SaturatingMul(I32F32 a, I32F32 b)
    {
        // Proportions below one (almost every product of the epoch) multiply within 64 unsigned bits.
        if ((ulong)a.Bits < OneBits && (ulong)b.Bits < OneBits) return new((long)(((ulong)a.Bits * (ulong)b.Bits) >> FractionalBits));
        var high = Math.BigMul(a.Bits, b.Bits, out var low);
        var bits = unchecked((high << 32) | (long)((ulong)low >> 32));
        // The floored product fits iff the top 32 bits of `high` are the sign extension of `bits`.
        if ((high >> 31) == (bits >> 63)) return new(bits);
        return high < 0 ? MinValue : MaxValue;
    }

    /// <summary>Floor multiply that reports an overflow instead of wrapping (<c>checked_mul</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMultiply(I32F32 a, I32F32 b, out I32F32 product)
    {
        var high = Math.BigMul(a.Bits, b.Bits, out var low);
        var bits = unchecked((high << 32) | (long)((ulong)low >> 32));
        product = new(bits);
        return (high >> 31) == (bits >> 63);
    }

    /// <summary>subtensor's <c>safe_div</c>: the truncating quotient, or 0 on a zero divisor or an overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static I32F32 SafeDiv(I32F32 a, I32F32 b)
    {
        if (b.Bits == 0) return Zero;
        return TryDivide(a.Bits, b.Bits, out var bits) ? new(bits) : Zero;
    }

    /// <summary><c>saturating_div</c>: the truncating quotient, clamped on overflow (a zero divisor saturates too).</summary>
    public static I32F32 SaturatingDiv(I32F32 a, I32F32 b)
    {
        if (b.Bits != 0 && TryDivide(a.Bits, b.Bits, out var bits)) return new(bits);
        var negative = (a.Bits < 0) ^ (b.Bits < 0);
        if (a.Bits == 0) return Zero;
        return negative ? MinValue : MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryDivide(long numerator, long divisor, out long quotient)
    {
        // Fast path: the shifted numerator fits in 64 bits, so one hardware division suffices.
        if ((ulong)(numerator + int.MaxValue) <= (ulong)uint.MaxValue - 1)
        {
            quotient = (numerator << FractionalBits) / divisor;
            return true;
        }
        if (numerator > 0 && divisor > 0 && TryDivideEstimated(numerator, divisor, out quotient)) return true;
        return TryDivideWide(numerator, divisor, out quotient);
    }

    // The epoch divides hundreds of thousands of positive values by column and row sums, and a 128-bit division
    // costs tens of nanoseconds. A double-precision estimate of floor(n·2^32 / d) is within one unit of the
    // truth while the quotient is below 2^50; the exact remainder, computed in wrapping 64-bit arithmetic (exact
    // because it is small), then corrects it. Anything outside those bounds takes the 128-bit path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDivideEstimated(long numerator, long divisor, out long quotient)
    {
        const double TwoToThe32 = 4294967296.0;
        const double EstimateLimit = 1125899906842624.0; // 2^50
        quotient = 0;
        if (divisor >= 1L << 60) return false;
        var estimate = numerator * TwoToThe32 / divisor;
        if (estimate >= EstimateLimit) return false;
        var q = (long)estimate;
        var remainder = unchecked((numerator << FractionalBits) - q * divisor);
        if (remainder < 0) { q--; remainder += divisor; if (remainder < 0) return false; }
        else if (remainder >= divisor) { q++; remainder -= divisor; if (remainder >= divisor) return false; }
        quotient = q;
        return true;
    }

    private static bool TryDivideWide(long numerator, long divisor, out long quotient)
    {
        var wide = ((Int128)numerator << FractionalBits) / divisor;
        quotient = (long)wide;
        return wide >= long.MinValue && wide <= long.MaxValue;
    }

    public bool Equals(I32F32 other) => Bits == other.Bits;
    public override bool Equals(object? obj) => obj is I32F32 other && Equals(other);
    public override int GetHashCode() => Bits.GetHashCode();
    public int CompareTo(I32F32 other) => Bits.CompareTo(other.Bits);
    public override string ToString() => ToDouble().ToString("R", CultureInfo.InvariantCulture);
}
