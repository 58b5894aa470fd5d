using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// The engine replaces 128-bit divisions by estimates with an exact correction, for speed. These specs pin the
/// shortcuts to the plain definitions over many seeded values, including the bounds where the estimate gives up.
/// </summary>
public sealed class FastArithmeticSpecs
{
    // safe_div's definition: the truncating 128-bit quotient, or 0 when it does not fit.
    private static long ReferenceQuotient(long numerator, long divisor)
    {
        var wide = ((Int128)numerator << 32) / divisor;
        return wide > long.MaxValue || wide < long.MinValue ? 0 : (long)wide;
    }

    [Fact]
    public void SafeDiv_should_equal_the_128_bit_truncating_quotient_for_seeded_operands()
    {
        var random = new Random(1234);
        for (var k = 0; k < 200_000; k++)
        {
            // Magnitudes spread over every bit length, so both the estimate and its fallbacks are exercised.
            var numerator = random.NextInt64() >> random.Next(0, 63);
            var divisor = (random.NextInt64() >> random.Next(0, 63)) + 1;
            if (random.Next(4) == 0) numerator = -numerator;
            if (random.Next(4) == 0) divisor = -divisor;
            Assert.Equal(ReferenceQuotient(numerator, divisor), I32F32.SafeDiv(I32F32.FromBits(numerator), I32F32.FromBits(divisor)).Bits);
        }
    }

    [Theory]
    [InlineData(1L << 62, 3)] // overflows: safe_div gives 0
    [InlineData(1L << 40, 3)]
    [InlineData(long.MaxValue, 1L << 59)]
    [InlineData((1L << 50) + 12345, (1L << 31) + 7)]
    [InlineData(281470681743360, 4294967295)] // 65535.0 / (1 − 2^-32): a quotient just above the integer
    [InlineData(4294967296, 4294967297)]
    public void SafeDiv_should_be_exact_at_the_edges_of_the_estimate(long numerator, long divisor)
    {
        Assert.Equal(ReferenceQuotient(numerator, divisor), I32F32.SafeDiv(I32F32.FromBits(numerator), I32F32.FromBits(divisor)).Bits);
    }

    [Fact]
    public void TryExp_should_equal_a_literal_port_of_the_series_for_seeded_inputs()
    {
        var random = new Random(99);
        for (var k = 0; k < 20_000; k++)
        {
            var x = I32F32.FromBits(random.NextInt64(-20L << 32, 20L << 32));
            var ok = Transcendental.TryExp(x, out var actual);
            var expectedOk = LiteralExp(x, out var expected);
            Assert.Equal(expectedOk, ok);
            if (ok) Assert.Equal(expected.Bits, actual.Bits);
        }
    }

    [Fact]
    public void Min_Max_and_Select_should_agree_with_comparisons_across_the_whole_range()
    {
        var random = new Random(11);
        long[] extremes = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue];
        for (var k = 0; k < 100_000; k++)
        {
            var a = k < 49 ? extremes[k / 7] : random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            var b = k < 49 ? extremes[k % 7] : random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            var x = I32F32.FromBits(a);
            var y = I32F32.FromBits(b);
            Assert.Equal(Math.Min(a, b), I32F32.Min(x, y).Bits);
            Assert.Equal(Math.Max(a, b), I32F32.Max(x, y).Bits);
            Assert.Equal(a >= b ? a : b, I32F32.Select(a >= b, x, y).Bits);
        }
    }

    [Theory]
    // Inputs inside and outside the clamp (±30, at every scale), and a length that leaves a remainder.
    [InlineData(30, 10_003, 5)]
    // Liquid α's exponents stay within a few units of zero, where the batch uses its widest lanes.
    [InlineData(8, 40_000, 17)]
    public void Batched_ExpSafe_should_equal_ExpSafe_one_at_a_time(int range, int count, int seed)
    {
        var random = new Random(seed);
        // The special inputs 0 and 1, the clamp's edges and the range's own edges lead, so every batch sees them.
        I32F32[] edges = [I32F32.Zero, I32F32.One, I32F32.MinValue, I32F32.MaxValue, I32F32.FromInt(range), I32F32.FromInt(-range)];
        var inputs = edges.Concat(Enumerable.Range(0, count).Select(_ =>
            I32F32.FromBits(random.NextInt64(-(long)range << 32, ((long)range << 32) + 1) >> (range > 8 ? random.Next(0, 20) : 0)))).ToArray();
        var batched = new I32F32[inputs.Length];

        Transcendental.ExpSafe(inputs, batched);

        Assert.Equal(inputs.Select(Transcendental.ExpSafe).ToArray(), batched);
    }

    // The series exactly as yuma-spec §1.3 states it, with plain 128-bit arithmetic and no early exit.
    private static bool LiteralExp(I32F32 x, out I32F32 result)
    {
        result = default;
        if (x.Bits == 0) { result = I32F32.One; return true; }
        if (x.Bits == 1L << 32) { result = I32F32.FromBits(11674931200); return true; }
        Int128 y = x.Bits < 0 ? -(Int128)x.Bits : x.Bits;
        Int128 sum = y + (1L << 32);
        Int128 term = y;
        for (var i = 2; i <= 31; i++)
        {
            term = (term * y) >> 32;
            if (term > long.MaxValue) return false;
            term /= i;
            sum += term;
            if (sum > long.MaxValue) return false;
        }
        if (x.Bits < 0)
        {
            var reciprocal = ((Int128)1 << 64) / sum;
            result = I32F32.FromBits((long)reciprocal);
            return true;
        }
        result = I32F32.FromBits((long)sum);
        return true;
    }

    [Fact]
    public void IsTopK_should_match_a_stable_sort_for_packed_and_unpacked_values()
    {
        var random = new Random(7);
        for (var k = 0; k < 500; k++)
        {
            var n = random.Next(0, 40);
            var wide = random.Next(2) == 0;
            var vector = new I32F32[n];
            for (var i = 0; i < n; i++)
                vector[i] = I32F32.FromBits(wide ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(0, 4) * (1L << 30));
            var topK = random.Next(0, 45);

            // Reference: LINQ's OrderBy is a stable sort, so ties keep uid order and the lower uid is cleared first.
            var expected = Enumerable.Repeat(true, n).ToArray();
            if (n >= topK)
                foreach (var uid in Enumerable.Range(0, n).OrderBy(i => vector[i].Bits).Take(n - topK)) expected[uid] = false;
            Assert.Equal(expected, EpochMath.IsTopK(vector, topK));
        }
    }
}
