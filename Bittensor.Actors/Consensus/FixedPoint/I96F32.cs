namespace Bittensor.Consensus.FixedPoint;

/// <summary>
/// Signed fixed-point number with 96 integer and 32 fractional bits (<c>I96F32</c>): wide enough to multiply an
/// I32F32 share by a u64 amount of rao. The epoch uses it only to turn emission shares into rao.
/// </summary>
public readonly struct I96F32 : IEquatable<I96F32>
{
    public const int FractionalBits = 32;

    public static readonly I96F32 MaxValue = new(Int128.MaxValue);
    public static readonly I96F32 MinValue = new(Int128.MinValue);

    public Int128 Bits { get; }

    private I96F32(Int128 bits) => Bits = bits;

    public static I96F32 FromI32F32(I32F32 value) => new(value.Bits);

    public static I96F32 FromU64(ulong value) => new((Int128)value << FractionalBits);

    /// <summary>Floor multiply, clamped on overflow (<c>saturating_mul</c>).</summary>
    public static I96F32 SaturatingMul(I96F32 a, I96F32 b)
    {
        var negative = (a.Bits < 0) ^ (b.Bits < 0);
        var x = a.Bits < 0 ? (UInt128)(-a.Bits) : (UInt128)a.Bits;
        var y = b.Bits < 0 ? (UInt128)(-b.Bits) : (UInt128)b.Bits;
        var product = UInt128BigMul(x, y, out var low);
        // bits = product >> 32 must fit in 127 bits.
        if (product >> 31 != UInt128.Zero) return negative ? MinValue : MaxValue;
        var shifted = (product << 96) | (low >> 32);
        if (!negative) return new((Int128)shifted);
        // Floor of a negative product: round the magnitude up when bits were dropped.
        var magnitude = shifted + ((low & uint.MaxValue) != 0 ? UInt128.One : UInt128.Zero);
        return new(-(Int128)magnitude);
    }

    /// <summary><c>saturating_to_num::&lt;u64&gt;</c>: floor, then clamp to 0…u64::MAX.</summary>
    public ulong SaturatingToU64()
    {
        if (Bits <= 0) return 0;
        var integer = Bits >> FractionalBits;
        return integer > ulong.MaxValue ? ulong.MaxValue : (ulong)integer;
    }

    // The full 256-bit product of two 128-bit magnitudes, as (high, low).
    private static UInt128 UInt128BigMul(UInt128 a, UInt128 b, out UInt128 low)
    {
        var aLow = (ulong)a; var aHigh = (ulong)(a >> 64);
        var bLow = (ulong)b; var bHigh = (ulong)(b >> 64);
        UInt128 ll = (UInt128)aLow * bLow;
        UInt128 lh = (UInt128)aLow * bHigh;
        UInt128 hl = (UInt128)aHigh * bLow;
        UInt128 hh = (UInt128)aHigh * bHigh;
        UInt128 middle = (ll >> 64) + (ulong)lh + (ulong)hl;
        low = (middle << 64) | (ulong)ll;
        return hh + (lh >> 64) + (hl >> 64) + (middle >> 64);
    }

    public bool Equals(I96F32 other) => Bits == other.Bits;
    public override bool Equals(object? obj) => obj is I96F32 other && Equals(other);
    public override int GetHashCode() => Bits.GetHashCode();
    public static bool operator ==(I96F32 a, I96F32 b) => a.Bits == b.Bits;
    public static bool operator !=(I96F32 a, I96F32 b) => a.Bits != b.Bits;
}
