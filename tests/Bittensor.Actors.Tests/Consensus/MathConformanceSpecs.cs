using System.Text.Json;
using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// The math routines against <c>shared/conformance/math-cases.json</c>, read at test time: every sub-case of every case
/// is checked exactly, or within the tolerance the case states. <c>*_f32</c> literals are converted as the upstream
/// tests do (round to f32, then to I32F32, yuma-spec §11.2). This file holds the vector routines; the matrix routines
/// are in <c>MathConformanceSpecs.Matrices.cs</c>.
/// </summary>
public sealed partial class MathConformanceSpecs
{
    private const string WeightedMedianCase = "math.weighted_median";
    private const string WeightedMedianColCase = "math.weighted_median_col";
    private const string VecMaxUpscaleCase = "math.vec_max_upscale_to_u16";
    private const string VecU16MaxUpscaleCase = "math.vec_u16_max_upscale_to_u16 (set_weights quantization)";
    private const string CheckVecMaxLimitedCase = "math.check_vec_max_limited (max_weight_limit check)";
    private const string IsTopKCase = "math.is_topk";
    private const string SigmoidCase = "math.sigmoid_safe / exp_safe (YC1 consensus sigmoid)";
    private const string ConversionsCase = "math.fixed_point_conversions";
    private const string AlphaSigmoidCase = "derived.alpha_sigmoid (liquid alpha 2 / Yuma3)";

    /// <summary>Every case this class checks; a case in the file but not here fails, so none is silently skipped.</summary>
    private static readonly HashSet<string> CoveredCases =
    [
        WeightedMedianCase, WeightedMedianColCase, VecMaxUpscaleCase, VecU16MaxUpscaleCase, CheckVecMaxLimitedCase,
        IsTopKCase, SigmoidCase, ConversionsCase, AlphaSigmoidCase,
        ColClipCase, MatEmaAlphaCase, MatEmaAlphaSparseCase, InterpolateCase, NormalizeCase,
    ];

    [Fact]
    public void Every_math_case_in_the_file_should_be_checked_by_a_spec()
    {
        var names = ConformanceFiles.MathCases.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        Assert.Equal(CoveredCases.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WeightedMedian_should_return_the_expected_bits_for_every_case()
    {
        var check = new Mismatches(WeightedMedianCase);
        foreach (var (sub, where) in SubCases(WeightedMedianCase))
        {
            var stake = Bits(sub.GetProperty("stake_bits"));
            var score = Bits(sub.GetProperty("score_bits"));
            var minority = I32F32.FromBits(sub.GetProperty("minority_bits").GetInt64());
            var hi = I32F32.FromBits(sub.GetProperty("hi_bits").GetInt64());
            // The case's `call`: every index, lo = 0, hi = Σ stake, minority = 1 − majority. Check that reading first.
            check.Equal(EpochMath.Sum(stake).Bits, hi.Bits, $"{where}: hi_bits as the plain sum of stake_bits");
            check.Equal((I32F32.One - F32(sub.GetProperty("majority_f32"))).Bits, minority.Bits, $"{where}: minority_bits as 1 − majority");

            var partition = Enumerable.Range(0, stake.Length).ToArray();
            var median = EpochMath.WeightedMedian(stake, score, partition, minority, I32F32.Zero, hi);

            check.Equal(sub.GetProperty("expected_bits").GetInt64(), median.Bits, where);
        }
        check.Verify();
    }

    [Fact]
    public void WeightedMedian_case_scores_should_be_the_f32_literals_of_the_upstream_test()
    {
        // The score bits are the f32 literals converted as the glossary says; a mismatch would mean the medians
        // above are checked on other inputs than upstream's. (Stake is normalised upstream, so its bits differ.)
        var check = new Mismatches(WeightedMedianCase);
        foreach (var (sub, where) in SubCases(WeightedMedianCase))
            check.SequenceEqual(Longs(sub.GetProperty("score_bits")), F32s(sub.GetProperty("score_f32")).Select(x => x.Bits).ToArray(), where);
        check.Verify();
    }

    [Fact]
    public void WeightedMedianColSparse_should_return_the_expected_consensus_with_and_without_stored_zero_weights()
    {
        var check = new Mismatches(WeightedMedianColCase);
        foreach (var (sub, where) in SubCases(WeightedMedianColCase))
        {
            var stake = F32s(sub.GetProperty("stake_f32"));
            var weights = Doubles(sub.GetProperty("weights_f32_rowmajor"));
            var rows = sub.GetProperty("rows").GetInt32();
            var columns = sub.GetProperty("cols").GetInt32();
            // The majority is passed directly; the routine derives minority = Σ(renormalised stake) − majority.
            var majority = F32(sub.GetProperty("majority_f32"));
            var expected = Longs(sub.GetProperty("expected_bits"));

            // Upstream's sparse test drops zero weights; its dense test keeps them. A permitted validator without an
            // entry votes 0, so both encodings must give the same consensus.
            foreach (var storeZeros in new[] { false, true })
            {
                var matrix = SparseFromRowMajor(weights, rows, columns, storeZeros);
                var median = EpochMath.WeightedMedianColSparse(stake, matrix, columns, majority);
                check.SequenceEqual(expected, median.Select(x => x.Bits).ToArray(), $"{where} ({(storeZeros ? "zeros stored" : "zeros dropped")})");
            }
        }
        check.Verify();
    }

    [Fact]
    public void VecMaxUpscaleToU16_should_return_the_expected_u16_on_both_rounding_paths()
    {
        var check = new Mismatches(VecMaxUpscaleCase);
        foreach (var (sub, where) in SubCases(VecMaxUpscaleCase))
        {
            var input = Bits(sub.GetProperty("input_bits"));
            check.SequenceEqual(U16s(sub.GetProperty("expected_u16")), EpochMath.VecMaxUpscaleToU16(input), where);
            // Where the upstream f32 literal is given, its conversion must be the stated bits.
            if (sub.TryGetProperty("input_f32", out var literals))
                check.SequenceEqual(Longs(sub.GetProperty("input_bits")), F32s(literals).Select(x => x.Bits).ToArray(), $"{where} input_f32 → bits");
        }
        check.Verify();
    }

    [Fact]
    public void VecU16MaxUpscaleToU16_should_quantise_weights_as_set_weights_stores_them()
    {
        var check = new Mismatches(VecU16MaxUpscaleCase);
        foreach (var (sub, where) in SubCases(VecU16MaxUpscaleCase))
            check.SequenceEqual(U16s(sub.GetProperty("expected_u16")), EpochMath.VecU16MaxUpscaleToU16(U16s(sub.GetProperty("input_u16"))), where);
        check.Verify();
    }

    [Fact]
    public void CheckVecMaxLimited_should_accept_exactly_the_weights_within_the_limit()
    {
        var check = new Mismatches(CheckVecMaxLimitedCase);
        foreach (var (sub, where) in SubCases(CheckVecMaxLimitedCase))
        {
            var weights = U16s(sub.GetProperty("weights_u16"));
            var limit = sub.GetProperty("max_limit_u16").GetUInt16();
            check.Equal(sub.GetProperty("expected").GetBoolean(), EpochMath.CheckVecMaxLimited(weights, limit), where);
        }
        check.Verify();
    }

    [Fact]
    public void IsTopK_should_keep_the_k_largest_with_the_lower_uid_losing_ties()
    {
        var check = new Mismatches(IsTopKCase);
        foreach (var (sub, where) in SubCases(IsTopKCase))
        {
            var vector = F32s(sub.GetProperty("vector_f32"));
            var expected = sub.GetProperty("expected").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            check.SequenceEqual(expected, EpochMath.IsTopK(vector, sub.GetProperty("k").GetInt32()), where);
        }
        check.Verify();
    }

    [Fact]
    public void IsTopKNonzero_should_equal_is_topk_with_zero_entries_forced_false()
    {
        // The case's note: the epoch uses is_topk_nonzero, which clears the same n − k smallest entries but never
        // keeps a zero entry.
        var check = new Mismatches(IsTopKCase + " (is_topk_nonzero)");
        foreach (var (sub, where) in SubCases(IsTopKCase))
        {
            var vector = F32s(sub.GetProperty("vector_f32"));
            var expected = sub.GetProperty("expected").EnumerateArray()
                .Select((e, i) => e.GetBoolean() && vector[i] != I32F32.Zero).ToArray();
            check.SequenceEqual(expected, EpochMath.IsTopKNonzero(vector, sub.GetProperty("k").GetInt32()), where);
        }
        check.Verify();
    }

    [Fact]
    public void SigmoidSafe_should_return_the_expected_bits_for_every_rho_and_kappa()
    {
        var inputs = Inputs(SigmoidCase);
        var check = new Mismatches(SigmoidCase);
        var rho30 = inputs.GetProperty("rho30_kappa05");
        var trust = Bits(rho30.GetProperty("trust_bits"));
        var half = I32F32.FromDouble(0.5);

        CheckSigmoid(check, "rho30_kappa05", trust, I32F32.FromInt(30), half, rho30);
        var rho40 = inputs.GetProperty("rho40_kappa05");
        CheckSigmoid(check, "rho40_kappa05", F32s(rho40.GetProperty("trust_f32")), I32F32.FromInt(40), half, rho40);
        // ρ and κ at the extremes run every saturating step of sigmoid_safe and exp_safe's error fallbacks.
        CheckSigmoid(check, "rho_kappa_max", trust, I32F32.MaxValue, I32F32.MaxValue, inputs.GetProperty("rho_kappa_max"));
        CheckSigmoid(check, "rho_kappa_min", trust, I32F32.MinValue, I32F32.MinValue, inputs.GetProperty("rho_kappa_min"));
        check.Verify();
    }

    private static void CheckSigmoid(Mismatches check, string name, I32F32[] trust, I32F32 rho, I32F32 kappa, JsonElement sub)
    {
        var expected = Longs(sub.GetProperty("expected_bits"));
        var actual = trust.Select(t => Transcendental.SigmoidSafe(t, rho, kappa).Bits).ToArray();
        check.SequenceEqual(expected, actual, name);
        // Upstream asserts against from_num(f64 literal); those literals must give the same bits.
        if (sub.TryGetProperty("expected_f64_literals", out var literals))
            check.SequenceEqual(expected, Doubles(literals).Select(x => I32F32.FromDouble(x).Bits).ToArray(), $"{name} literals");
    }

    [Fact]
    public void ExpSafe_should_return_the_series_values_at_0_1_and_the_clamp_bounds()
    {
        var exp = Inputs(SigmoidCase).GetProperty("exp_safe");
        var check = new Mismatches(SigmoidCase + " exp_safe");
        check.Equal(exp.GetProperty("exp_0_bits").GetInt64(), Transcendental.ExpSafe(I32F32.Zero).Bits, "exp_safe(0)");
        // exp(1) is substrate-fixed's I9F23 constant E, not the series value.
        check.Equal(exp.GetProperty("exp_1_bits").GetInt64(), Transcendental.ExpSafe(I32F32.One).Bits, "exp_safe(1)");
        check.Equal(exp.GetProperty("exp_m20_bits").GetInt64(), Transcendental.ExpSafe(I32F32.FromInt(-20)).Bits, "exp_safe(-20)");
        // exp(20) through the truncated 31-term series is 481239357.67…, not e^20 ≈ 4.85e8.
        check.Equal(exp.GetProperty("exp_20_bits").GetInt64(), Transcendental.ExpSafe(I32F32.FromInt(20)).Bits, "exp_safe(20)");
        // Inputs beyond ±20 are clamped to it.
        check.Equal(exp.GetProperty("exp_20_bits").GetInt64(), Transcendental.ExpSafe(I32F32.FromInt(1000)).Bits, "exp_safe(1000)");
        check.Equal(exp.GetProperty("exp_m20_bits").GetInt64(), Transcendental.ExpSafe(I32F32.FromInt(-1000)).Bits, "exp_safe(-1000)");
        check.Verify();
    }

    [Fact]
    public void BondsAlpha_should_be_the_bits_of_from_num_0_1_for_a_moving_average_of_900000()
    {
        var testCase = ConformanceFiles.Case(ConformanceFiles.MathCases, ConversionsCase);
        var movingAverage = testCase.GetProperty("inputs").GetProperty("bonds_moving_average").GetUInt64();
        var expected = testCase.GetProperty("expected").GetProperty("alpha_bits").GetInt64();

        var alpha = new Hyperparameters { BondsMovingAverage = movingAverage }.BondsAlpha;

        Assert.Equal(expected, alpha.Bits);
        Assert.Equal(I32F32.FromDouble(0.1).Bits, alpha.Bits);
    }

    [Fact]
    public void U64_normalisation_should_truncate_in_I64F64_and_floor_to_I32F32()
    {
        var testCase = ConformanceFiles.Case(ConformanceFiles.MathCases, ConversionsCase);
        var norm = testCase.GetProperty("inputs").GetProperty("u64_norm");
        var total = I64F64.FromU64(norm.GetProperty("total").GetUInt64());
        var values = norm.GetProperty("values").EnumerateArray().Select(e => I64F64.FromU64(e.GetUInt64())).ToArray();
        var expected = testCase.GetProperty("expected");
        var check = new Mismatches(ConversionsCase);

        var quotients = values.Select(v => I64F64.SafeDiv(v, total)).ToArray();

        check.SequenceEqual(Longs(expected.GetProperty("u64_norm_I32F32")), quotients.Select(q => q.ToI32F32().Bits).ToArray(), "u64_norm_I32F32");
        // The I64F64 asserts compare with from_num(f64 literal): the exact binary value × 2^64, ties to even.
        var i64Expected = expected.GetProperty("u64_norm_I64F64").EnumerateArray().Select(e => I64F64FromLiteral(e.GetString()!)).ToArray();
        check.SequenceEqual(i64Expected, quotients.Select(q => q.Bits).ToArray(), "u64_norm_I64F64");
        check.Verify();
    }

    private static Int128 I64F64FromLiteral(string text)
    {
        var literal = text.StartsWith("== from_num(", StringComparison.Ordinal) ? text["== from_num(".Length..^1] : text;
        var value = double.Parse(literal, System.Globalization.CultureInfo.InvariantCulture);
        return (Int128)Math.Round(value * Math.Pow(2, 64), MidpointRounding.ToEven); // × 2^64 is exact in binary
    }

    [Fact]
    public void FixedProportionToU16_should_follow_the_stated_floor_and_saturate_rule()
    {
        // The case states the rule rather than values: floor(x_bits · 65535 / 2^32), saturated to [0, 65535].
        long[] samples = [long.MinValue, -(1L << 32), -1, 0, 1, 65537, 65538, 1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, 1L << 40, long.MaxValue];
        var check = new Mismatches(ConversionsCase + " fixed_proportion_to_u16");
        foreach (var bits in samples)
        {
            var floor = (long)Int128.Clamp(((Int128)bits * 65535) >> 32, 0, 65535);
            check.Equal((ushort)floor, EpochMath.FixedProportionToU16(I32F32.FromBits(bits)), $"bits {bits}");
        }
        check.Verify();
    }

    [Fact]
    public void AlphaSigmoid_should_return_the_expected_bits_at_every_point()
    {
        var testCase = ConformanceFiles.Case(ConformanceFiles.MathCases, AlphaSigmoidCase);
        var h = testCase.GetProperty("hyperparameters");
        var liquidAlpha = LiquidAlpha.From(new Hyperparameters
        {
            AlphaLow = h.GetProperty("alpha_low_u16").GetInt32(),
            AlphaHigh = h.GetProperty("alpha_high_u16").GetInt32(),
            AlphaSigmoidSteepness = h.GetProperty("alpha_sigmoid_steepness").GetInt32(),
        });
        var check = new Mismatches(AlphaSigmoidCase);
        var index = 0;
        foreach (var point in testCase.GetProperty("inputs").GetProperty("points").EnumerateArray())
        {
            // The note: inputs converted with I32F32::from_num(f64).
            var alpha = liquidAlpha.AlphaSigmoid(
                I32F32.FromDouble(point.GetProperty("consensus").GetDouble()),
                I32F32.FromDouble(point.GetProperty("weight").GetDouble()),
                I32F32.FromDouble(point.GetProperty("bond").GetDouble()));
            check.Equal(point.GetProperty("alpha_bits").GetInt64(), alpha.Bits, $"point {index++}");
        }
        check.Verify();
    }
}
