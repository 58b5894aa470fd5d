using System.Numerics;
using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// The substrate-fixed semantics the epoch depends on (yuma-spec §1.2, §10.14–15): floor on multiply, truncation on
/// divide, safe_div's 0, saturation at the bounds, and the two rounding rules. Negative intermediates occur in the
/// epoch (W̄ − W, α_high − α_low), so floor and truncation are tested where they differ: on negative values.
/// </summary>
public sealed class FixedPointSpecs
{
    private static I32F32 Bits(long bits) => I32F32.FromBits(bits);

    [Theory]
    [InlineData(1, 0)]    // +0.5 ulp → 0
    [InlineData(-1, -1)]  // −0.5 ulp → −1: floor, not truncation toward zero
    [InlineData(-3, -2)]  // −1.5 ulp → −2
    [InlineData(3, 1)]    // +1.5 ulp → 1
    public void Multiply_should_floor_the_product_when_it_falls_between_two_representable_values(long bits, long expected)
    {
        var half = I32F32.FromDouble(0.5);

        Assert.Equal(expected, (Bits(bits) * half).Bits);
        Assert.Equal(expected, I32F32.SaturatingMul(Bits(bits), half).Bits);
        Assert.True(I32F32.TryMultiply(Bits(bits), half, out var product));
        Assert.Equal(expected, product.Bits);
    }

    [Theory]
    [InlineData(-3)]  // −1.5 ulp → −1: truncation toward zero, not floor (−2)
    [InlineData(3)]   // +1.5 ulp → 1
    [InlineData(-1)]  // −0.5 ulp → 0
    public void Divide_should_truncate_toward_zero_when_the_quotient_is_not_representable(long bits)
    {
        var two = I32F32.FromInt(2);
        var expected = bits / 2; // C# integer division truncates toward zero, as Rust's does

        Assert.Equal(expected, (Bits(bits) / two).Bits);
        Assert.Equal(expected, I32F32.SafeDiv(Bits(bits), two).Bits);
        Assert.Equal(expected, I32F32.SaturatingDiv(Bits(bits), two).Bits);
    }

    [Fact]
    public void SafeDiv_should_return_zero_when_dividing_by_zero()
    {
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.One, I32F32.Zero));
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.MinValue, I32F32.Zero));
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.Zero, I32F32.Zero));
    }

    [Fact]
    public void SafeDiv_should_return_zero_rather_than_saturate_when_the_quotient_overflows()
    {
        // MAX / 2^-32 and MIN / −1 do not fit: safe_div gives 0, where saturating_div would clamp (§10.14).
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.MaxValue, Bits(1)));
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.MinValue, I32F32.FromInt(-1)));
        Assert.Equal(I32F32.Zero, I32F32.SafeDiv(I32F32.FromInt(1 << 30), I32F32.FromDouble(0.25)));

        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingDiv(I32F32.MaxValue, Bits(1)));
        Assert.Equal(I32F32.MinValue, I32F32.SaturatingDiv(I32F32.MaxValue, Bits(-1)));
    }

    [Fact]
    public void Divide_operator_should_throw_where_the_chains_plain_division_panics()
    {
        Assert.Throws<DivideByZeroException>(() => I32F32.One / I32F32.Zero);
        Assert.Throws<OverflowException>(() => I32F32.MaxValue / Bits(1));
    }

    [Fact]
    public void Saturating_operations_should_clamp_at_MIN_and_MAX()
    {
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingAdd(I32F32.MaxValue, Bits(1)));
        Assert.Equal(I32F32.MinValue, I32F32.SaturatingAdd(I32F32.MinValue, Bits(-1)));
        Assert.Equal(I32F32.MinValue, I32F32.SaturatingSub(I32F32.MinValue, Bits(1)));
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingSub(I32F32.MaxValue, Bits(-1)));
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingSub(I32F32.Zero, I32F32.MinValue));
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingMul(I32F32.MaxValue, I32F32.FromInt(2)));
        Assert.Equal(I32F32.MinValue, I32F32.SaturatingMul(I32F32.MaxValue, I32F32.FromInt(-2)));
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingMul(I32F32.MinValue, I32F32.FromInt(-1)));
        Assert.Equal(I32F32.MaxValue, I32F32.SaturatingNeg(I32F32.MinValue));
        Assert.False(I32F32.TryMultiply(I32F32.MaxValue, I32F32.FromInt(2), out _));
    }

    [Fact]
    public void Saturating_operations_should_be_exact_when_nothing_overflows()
    {
        var a = I32F32.FromDouble(-1.25);
        var b = I32F32.FromDouble(3.5);

        Assert.Equal((a + b).Bits, I32F32.SaturatingAdd(a, b).Bits);
        Assert.Equal((a - b).Bits, I32F32.SaturatingSub(a, b).Bits);
        Assert.Equal((a * b).Bits, I32F32.SaturatingMul(a, b).Bits);
        Assert.Equal(I32F32.FromDouble(-4.375), a * b);
    }

    [Fact]
    public void Plain_addition_should_wrap_like_the_chains_release_build()
    {
        // The epoch uses + only where the chain proves it cannot overflow; when it does, it wraps rather than clamps.
        Assert.Equal(I32F32.MinValue, I32F32.MaxValue + Bits(1));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.5, 2)]
    [InlineData(2.5, 3)]
    [InlineData(-0.5, -1)]
    [InlineData(-1.5, -2)]
    [InlineData(-2.5, -3)]
    [InlineData(2.25, 2)]
    [InlineData(-2.25, -2)]
    [InlineData(0.4999999997671694, 0)] // 0.5 − 1 ulp
    [InlineData(-0.4999999997671694, 0)]
    public void Round_should_round_halves_away_from_zero(double value, long expected)
    {
        Assert.Equal(I32F32.FromInt(expected), I32F32.FromDouble(value).Round());
    }

    [Theory]
    [InlineData(0.5, 0)]   // half an ulp: ties to the even neighbour 0
    [InlineData(1.5, 2)]
    [InlineData(2.5, 2)]
    [InlineData(3.5, 4)]
    [InlineData(-0.5, 0)]
    [InlineData(-1.5, -2)]
    [InlineData(-2.5, -2)]
    [InlineData(2.4999, 2)]
    [InlineData(2.5001, 3)]
    public void FromDouble_should_round_to_the_nearest_ulp_with_ties_to_even(double ulps, long expectedBits)
    {
        Assert.Equal(expectedBits, I32F32.FromDouble(ulps / 4294967296.0).Bits);
    }

    [Fact]
    public void FromDouble_and_FromSingle_should_reproduce_the_chains_literals()
    {
        Assert.Equal(429496730, I32F32.FromDouble(0.1).Bits);        // from_num(0.1 f64), equal to α of bma 900000
        Assert.Equal(429496736, I32F32.FromSingle(0.1f).Bits);       // from_num(0.1 f32): the f32 rounding shows
        Assert.Equal(I32F32.MaxValue, I32F32.FromDouble(1e10));       // saturating
        Assert.Equal(I32F32.MinValue, I32F32.FromDouble(-1e10));
        Assert.Throws<ArgumentException>(() => I32F32.FromDouble(double.NaN));
    }

    [Theory]
    [InlineData(1L << 32, 65535)]                  // 1.0
    [InlineData(1L << 31, 32767)]                  // 0.5 → floor(32767.5)
    [InlineData((1L << 32) - 1, 65534)]            // 0.99999999977: a full row's validator trust stores 65534
    [InlineData(65537, 0)]                         // floor(65537 · 65535 / 2^32) = floor(0.99998…)
    [InlineData(65538, 1)]                         // floor(1.0000152…)
    [InlineData(1L << 33, 65535)]                  // 2.0 saturates
    [InlineData(long.MaxValue, 65535)]
    [InlineData(-1, 0)]                            // negative saturates to 0
    [InlineData(long.MinValue, 0)]
    public void FixedProportionToU16_should_floor_and_saturate(long bits, int expected)
    {
        Assert.Equal((ushort)expected, EpochMath.FixedProportionToU16(Bits(bits)));
    }

    [Theory]
    [InlineData(ulong.MaxValue, 1L << 32, ulong.MaxValue)]         // share 1: all of u64::MAX
    [InlineData(ulong.MaxValue, 1L << 31, (ulong.MaxValue >> 1))]  // half of 2^64 − 1, floored
    [InlineData(ulong.MaxValue, 1L, 4294967295UL)]                 // one ulp of u64::MAX: floor((2^64 − 1) / 2^32)
    [InlineData(1_000_000_000UL, 429496729L, 99999999UL)]          // a 0.1 stake share yields 99999999 rao of 1e9
    [InlineData(1_000_000_000UL, 0L, 0UL)]
    public void I96F32_emission_multiply_should_floor_share_times_rao(ulong rao, long shareBits, ulong expected)
    {
        var emission = I96F32.SaturatingMul(I96F32.FromI32F32(Bits(shareBits)), I96F32.FromU64(rao)).SaturatingToU64();

        Assert.Equal(expected, emission);
    }

    [Fact]
    public void I96F32_emission_multiply_should_equal_the_exact_floor_for_seeded_shares_and_raos()
    {
        // The reference is the spec's definition, floor(share_bits · rao / 2^32), in arbitrary precision.
        var random = new Random(20260630);
        for (var k = 0; k < 10_000; k++)
        {
            var shareBits = random.NextInt64(0, (1L << 32) + 1);
            // Raos over the whole u64 range, up to u64::MAX.
            var rao = ((ulong)random.NextInt64() << random.Next(0, 2)) | (uint)random.Next(2);
            var expected = (ulong)(new BigInteger(shareBits) * rao >> 32);

            var actual = I96F32.SaturatingMul(I96F32.FromI32F32(Bits(shareBits)), I96F32.FromU64(rao)).SaturatingToU64();

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void I96F32_multiply_should_floor_negative_products_and_saturate_on_overflow()
    {
        // −1 ulp × 1 = −2^-32 exactly; −1 ulp × 0.5 floors to −1 ulp, not 0.
        Assert.Equal((Int128)(-1), I96F32.SaturatingMul(I96F32.FromI32F32(Bits(-1)), I96F32.FromI32F32(I32F32.FromDouble(0.5))).Bits);
        Assert.Equal(0UL, I96F32.SaturatingMul(I96F32.FromI32F32(Bits(-1)), I96F32.FromU64(1)).SaturatingToU64());
        Assert.Equal(I96F32.MaxValue, I96F32.SaturatingMul(I96F32.MaxValue, I96F32.FromU64(2)));
        Assert.Equal(I96F32.MinValue, I96F32.SaturatingMul(I96F32.MaxValue, I96F32.FromI32F32(I32F32.FromInt(-2))));
    }

    [Fact]
    public void I64F64_SafeDiv_should_truncate_and_return_zero_on_zero_divisor_or_overflow()
    {
        // 1 / 3 = trunc(2^64 / 3) bits, which is (2^64 − 1) / 3 exactly.
        Assert.Equal((Int128)(ulong.MaxValue / 3), I64F64.SafeDiv(I64F64.One, I64F64.FromU64(3)).Bits);
        Assert.Equal(I64F64.Zero, I64F64.SafeDiv(I64F64.One, I64F64.Zero));
        // 2^62 / 2^-64 needs an integer part of 2^126: it does not fit, so safe_div gives 0.
        Assert.Equal(I64F64.Zero, I64F64.SafeDiv(I64F64.FromU64(1UL << 62), I64F64.FromBits(1)));
        // Truncation toward zero for a negative quotient: −1 / 3 → −floor(2^64 / 3), not −ceil.
        Assert.Equal(-(Int128)(ulong.MaxValue / 3), I64F64.SafeDiv(I64F64.FromBits(-(Int128.One << 64)), I64F64.FromU64(3)).Bits);
    }

    [Fact]
    public void I64F64_stake_normalisation_should_equal_floor_of_stake_times_2_pow_32_over_total()
    {
        // yuma-spec §12: S_i = floor(s_i · 2^32 / Σs) after the I64F64 quotient is floored to I32F32.
        var random = new Random(14);
        for (var k = 0; k < 10_000; k++)
        {
            // Totals of every magnitude up to i64::MAX (the most the chain can normalise), a stake at most the total.
            var total = Math.Max((ulong)random.NextInt64(1, long.MaxValue) >> random.Next(0, 62), 1);
            var stake = Math.Min((ulong)(random.NextDouble() * total), total);
            var expected = (long)(new BigInteger(stake) * (BigInteger.One << 32) / total);

            var actual = I64F64.SafeDiv(I64F64.FromU64(stake), I64F64.FromU64(total)).ToI32F32();

            Assert.Equal(expected, actual.Bits);
        }
    }

    [Fact]
    public void I64F64_to_I32F32_should_floor_the_dropped_bits_and_saturate()
    {
        Assert.Equal(0, I64F64.FromBits(Int128.One << 31).ToI32F32().Bits);   // 2^-33: below one I32F32 ulp
        Assert.Equal(-1, I64F64.FromBits(-1).ToI32F32().Bits);                // −2^-64 floors to −1 ulp
        Assert.Equal(I32F32.MaxValue, I64F64.FromU64(1UL << 40).ToI32F32());  // 2^40 exceeds I32F32's range
        Assert.Equal(I64F64.MaxValue, I64F64.FromU64(ulong.MaxValue));        // FromU64 saturates past i64::MAX
    }
}
