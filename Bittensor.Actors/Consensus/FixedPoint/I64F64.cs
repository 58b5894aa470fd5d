using System.Globalization;

namespace Bittensor.Consensus.FixedPoint;

/// <summary>
/// Signed fixed-point number with 64 integer and 64 fractional bits (<c>I64F64</c>). The epoch uses it to normalise
/// stake, where u64 stakes would overflow I32F32, and for the bonds-moving-average quotient.
/// </summary>
public readonly struct I64F64 : IEquatable<I64F64>, IComparable<I64F64>
{
    public const int FractionalBits = 64;

    public static readonly I64F64 Zero = default;
    public static readonly I64F64 One = new(Int128.One << FractionalBits);
    public static readonly I64F64 MaxValue = new(Int128.MaxValue);
    public static readonly I64F64 MinValue = new(Int128.MinValue);

    public Int128 Bits { get; }

    private I64F64(Int128 bits) => Bits = bits;

    public static I64F64 FromBits(Int128 bits) => new(bits);

    /// <summary>An unsigned integer such as a stake in rao, saturated at the largest representable value.</summary>
    public static I64F64 FromU64(ulong value) => value > long.MaxValue ? MaxValue : new((Int128)value << FractionalBits);

    /// <summary><c>saturating_to_num::&lt;u64&gt;</c>: floor, then clamp to 0…u64::MAX.</summary>
    public ulong SaturatingToU64() => Bits <= 0 ? 0 : (ulong)(Bits >> FractionalBits);

    /// <summary>Conversion to I32F32 by dropping the low 32 fractional bits (floor), saturated.</summary>
    public I32F32 ToI32F32()
    {
        var bits = Bits >> (FractionalBits - I32F32.FractionalBits);
        if (bits > long.MaxValue) return I32F32.MaxValue;
        if (bits < long.MinValue) return I32F32.MinValue;
        return I32F32.FromBits((long)bits);
    }

    public static I64F64 operator +(I64F64 a, I64F64 b) => new(unchecked(a.Bits + b.Bits));
    public static I64F64 operator -(I64F64 a, I64F64 b) => new(unchecked(a.Bits - b.Bits));

    /// <summary>
    /// <c>safe_div</c>: <c>trunc((a &lt;&lt; 64) / b)</c>, or 0 on a zero divisor or an overflow. The shifted numerator
    /// needs up to 192 bits, so the quotient is built by long division of the remainder, 64 bits at a time.
    /// </summary>
    public static I64F64 SafeDiv(I64F64 a, I64F64 b)
    {
        if (b.Bits == 0) return Zero;
        var negative = (a.Bits < 0) ^ (b.Bits < 0);
        var numerator = Magnitude(a.Bits);
        var divisor = Magnitude(b.Bits);
        var integerPart = numerator / divisor;
        // The quotient has 64 fractional bits, so an integer part of 2^63 or more cannot be represented.
        if (integerPart >> 63 != UInt128.Zero) return negative && integerPart == (UInt128.One << 63) && numerator % divisor == 0 ? MinValue : Zero;
        var remainder = numerator % divisor;
        var fraction = DivideShifted64(remainder, divisor);
        var magnitude = (integerPart << FractionalBits) | fraction;
        return new(negative ? -(Int128)magnitude : (Int128)magnitude);
    }

    // floor((remainder << 64) / divisor) for remainder < divisor: one bit at a time would be slow, so use the
    // 64-bit-digit schoolbook step with UInt128 arithmetic when the divisor fits in 64 bits, else a bitwise loop.
    private static UInt128 DivideShifted64(UInt128 remainder, UInt128 divisor)
    {
        if (remainder == UInt128.Zero) return UInt128.Zero;
        if (divisor >> 64 == UInt128.Zero) return (remainder << 64) / divisor; // remainder < divisor < 2^64
        UInt128 quotient = UInt128.Zero;
        for (var bit = 0; bit < 64; bit++)
        {
            var carry = remainder >> 127 != UInt128.Zero;
            remainder <<= 1;
            quotient <<= 1;
            if (carry || remainder >= divisor)
            {
                remainder -= divisor;
                quotient |= UInt128.One;
            }
        }
        return quotient;
    }

    private static UInt128 Magnitude(Int128 value) => value < 0 ? (UInt128)(-value) : (UInt128)value;

    public static bool operator ==(I64F64 a, I64F64 b) => a.Bits == b.Bits;
    public static bool operator !=(I64F64 a, I64F64 b) => a.Bits != b.Bits;
    public static bool operator <(I64F64 a, I64F64 b) => a.Bits < b.Bits;
    public static bool operator >(I64F64 a, I64F64 b) => a.Bits > b.Bits;

    public bool Equals(I64F64 other) => Bits == other.Bits;
    public override bool Equals(object? obj) => obj is I64F64 other && Equals(other);
    public override int GetHashCode() => Bits.GetHashCode();
    public int CompareTo(I64F64 other) => Bits.CompareTo(other.Bits);
    public override string ToString() => ((double)Bits / Math.Pow(2, FractionalBits)).ToString("R", CultureInfo.InvariantCulture);
}
