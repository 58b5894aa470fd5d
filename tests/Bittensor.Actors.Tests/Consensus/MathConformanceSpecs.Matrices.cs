using System.Text.Json;
using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>The matrix routines of <c>math-cases.json</c>: clip, EMA with per-entry α, interpolation, normalisations.</summary>
public sealed partial class MathConformanceSpecs
{
    private const string ColClipCase = "math.inplace_col_clip / col_clip_sparse";
    private const string MatEmaAlphaCase = "math.mat_ema_alpha (dense, Yuma3 liquid alpha EMA)";
    private const string MatEmaAlphaSparseCase = "math.mat_ema_alpha_sparse (sparse drops old entries absent from new row)";
    private const string InterpolateCase = "math.interpolate (bonds penalty)";
    private const string NormalizeCase = "math.normalize / row / col normalize / col max-upscale";

    [Fact]
    public void ColClipSparse_should_clip_each_column_at_its_threshold_and_drop_entries_above_a_zero_threshold()
    {
        var testCase = ConformanceFiles.Case(ConformanceFiles.MathCases, ColClipCase);
        var inputs = testCase.GetProperty("inputs");
        var expected = testCase.GetProperty("expected");
        var threshold = F32s(inputs.GetProperty("threshold"));
        var check = new Mismatches(ColClipCase);

        // inplace_col_clip (dense): with every entry stored, densifying the sparse result must give min(w_ij, t_j).
        var dense = EpochMath.ColClipSparse(SparseFromRowMajor(Doubles(inputs.GetProperty("matrix_rowmajor_4x3")), 4, 3, storeZeros: true), threshold);
        check.SequenceEqual(F32Bits(expected.GetProperty("dense")), DenseBits(dense, 3), "dense");
        // Column 0 has threshold 0: its explicit zero (row 0) stays stored, the larger entries are dropped, not zeroed.
        check.SequenceEqual([0], RowsStoring(dense, column: 0), "dense: rows that still store column 0");

        var sparse = EpochMath.ColClipSparse(SparseFromRowMajor(Doubles(inputs.GetProperty("sparse_case2_rowmajor")), 4, 3, storeZeros: false), threshold);
        check.SequenceEqual(F32Bits(expected.GetProperty("sparse_case2")), DenseBits(sparse, 3), "sparse_case2");
        check.SequenceEqual([], RowsStoring(sparse, column: 0), "sparse_case2: rows that still store column 0");
        check.Verify();
    }

    [Fact]
    public void MatEmaAlpha_should_match_the_dense_formula_and_agree_with_the_sparse_routine_when_every_entry_is_stored()
    {
        var check = new Mismatches(MatEmaAlphaCase);
        foreach (var (sub, where) in SubCases(MatEmaAlphaCase))
        {
            var (nextLiterals, columns) = Matrix(sub.GetProperty("new"), sub);
            var next = nextLiterals.Select(x => I32F32.FromSingle((float)x)).ToArray();
            var old = Matrix(sub.GetProperty("old"), sub).Values.Select(x => I32F32.FromSingle((float)x)).ToArray();
            var expected = Matrix(sub.GetProperty("expected"), sub).Values;
            var tolerance = sub.GetProperty("tol").GetDouble();
            // Either one α for all entries or "alpha_row": one α per column, broadcast over the rows.
            var alphaOfColumn = sub.TryGetProperty("alpha_row", out var row)
                ? F32s(row)
                : Enumerable.Repeat(F32(sub.GetProperty("alpha")), columns).ToArray();

            // EpochMath has only the sparse variant, so the dense mat_ema_alpha is the case's formula, per entry in
            // I32F32: out = min(1, (1 − α)·old + max(0, α·new)), saturating as the chain's routine is.
            var reference = new I32F32[next.Length];
            for (var e = 0; e < next.Length; e++)
            {
                var alpha = alphaOfColumn[e % columns];
                var decayed = I32F32.SaturatingMul(I32F32.SaturatingSub(I32F32.One, alpha), old[e]);
                var increment = I32F32.Max(I32F32.SaturatingMul(alpha, next[e]), I32F32.Zero);
                reference[e] = I32F32.Min(I32F32.SaturatingAdd(decayed, increment), I32F32.One);
                CheckValue(check, expected[e], reference[e], tolerance, $"{where} entry {e}");
            }

            // With every entry of the new matrix stored, no old bond lacks its column, so the sparse routine (which
            // drops such bonds) must give the dense result bit for bit.
            var rows = next.Length / columns;
            var result = EpochMath.MatEmaAlphaSparse(
                SparseFromBits(next, rows, columns, storeZeros: true), SparseFromBits(old, rows, columns, storeZeros: true), columns,
                (_, cols, alphas) => { for (var k = 0; k < cols.Length; k++) alphas[k] = alphaOfColumn[cols[k]]; });
            check.SequenceEqual(reference.Select(x => x.Bits).ToArray(), DenseBits(result, columns), $"{where} sparse vs dense");
        }
        check.Verify();
    }

    [Fact]
    public void MatEmaAlphaSparse_should_update_the_new_rows_entries_and_drop_old_bonds_absent_from_them()
    {
        var check = new Mismatches(MatEmaAlphaSparseCase);
        foreach (var (sub, where) in SubCases(MatEmaAlphaSparseCase))
        {
            var tolerance = sub.GetProperty("tol").GetDouble();
            if (sub.TryGetProperty("rows", out var rowsElement))
            {
                // Row-major dense data through vec_to_sparse_mat_fixed, which stores only non-zero entries.
                var rows = rowsElement.GetInt32();
                var newValues = Doubles(sub.GetProperty("new"));
                var columns = newValues.Length / rows;
                var next = SparseFromRowMajor(newValues, rows, columns, storeZeros: false);
                var old = SparseFromRowMajor(Doubles(sub.GetProperty("old")), rows, columns, storeZeros: false);
                var alpha = F32(sub.GetProperty("alpha"));

                var result = EpochMath.MatEmaAlphaSparse(next, old, columns, (_, _, alphas) => alphas.Fill(alpha));

                var actual = DenseBits(result, columns);
                var expected = Doubles(sub.GetProperty("expected"));
                for (var e = 0; e < expected.Length; e++)
                    CheckValue(check, expected[e], I32F32.FromBits(actual[e]), tolerance, $"{where} entry {e}");
                // Sparse semantics: a bond is emitted only where the new row has an entry.
                for (var i = 0; i < rows; i++)
                    check.True(result.Columns(i).ToArray().All(j => next.Columns(i).Contains(j)),
                        $"{where} row {i}: stores a column absent from the new row ([{string.Join(", ", result.Columns(i).ToArray())}])");
            }
            else
            {
                // Explicit sparse rows of [column, value] and a per-entry α matrix indexed [row][column]. This sub-case is
                // upstream's test_mat_ema_alpha_sparse_varying_alpha, whose literals are I32F32::from_num(f64) rather
                // than the f32 helpers, so everything here (the expected values too) is converted from f64.
                var next = SparseFromPairs(sub.GetProperty("new"), I32F32.FromDouble);
                var old = SparseFromPairs(sub.GetProperty("old"), I32F32.FromDouble);
                var alpha = sub.GetProperty("alpha").EnumerateArray()
                    .Select(row => Doubles(row).Select(I32F32.FromDouble).ToArray()).ToArray();
                var columns = alpha.Max(r => r.Length);

                var result = EpochMath.MatEmaAlphaSparse(next, old, columns,
                    (i, cols, alphas) => { for (var k = 0; k < cols.Length; k++) alphas[k] = alpha[i][cols[k]]; });

                var expected = sub.GetProperty("expected").EnumerateArray()
                    .Select(row => row.EnumerateArray().Select(pair => (Column: pair[0].GetInt32(), Value: pair[1].GetDouble())).ToArray())
                    .ToArray();
                for (var i = 0; i < expected.Length; i++)
                {
                    var expectedColumns = expected[i].Select(e => e.Column).ToArray();
                    check.SequenceEqual(expectedColumns, result.Columns(i).ToArray(), $"{where} row {i} columns");
                    if (!expectedColumns.AsSpan().SequenceEqual(result.Columns(i))) continue;
                    for (var k = 0; k < expected[i].Length; k++)
                        CheckValue(check, expected[i][k].Value, result.Values(i)[k], tolerance, $"{where} row {i} entry {k}", I32F32.FromDouble);
                }
            }
        }
        check.Verify();
    }

    [Fact]
    public void InterpolateSparse_should_move_each_entry_by_the_ratio_and_keep_only_positive_results()
    {
        var check = new Mismatches(InterpolateCase);
        foreach (var (sub, where) in SubCases(InterpolateCase))
        {
            var first = Doubles(sub.TryGetProperty("A", out var a) ? a : sub.GetProperty("A_sparse_rowmajor_3x2"));
            var second = Doubles(sub.GetProperty("B"));
            // Element-wise, so any shape works: 3×2 as the sparse sub-case names it, 4×3 for twelve entries.
            var columns = first.Length == 6 ? 2 : 3;
            var rows = first.Length / columns;
            // The case note: the ratio is from_num(f64), unlike the f32 matrix literals.
            var ratio = I32F32.FromDouble(sub.GetProperty("ratio").GetDouble());
            var tolerance = sub.GetProperty("tol").GetDouble();

            var result = EpochMath.InterpolateSparse(
                SparseFromRowMajor(first, rows, columns, storeZeros: false),
                SparseFromRowMajor(second, rows, columns, storeZeros: false), columns, ratio);

            var actual = DenseBits(result, columns);
            var expected = Doubles(sub.GetProperty("expected"));
            for (var e = 0; e < expected.Length; e++)
                CheckValue(check, expected[e], I32F32.FromBits(actual[e]), tolerance, $"{where} entry {e}");
            check.True(result.EntryValues.ToArray().All(v => v > I32F32.Zero), $"{where}: stores a non-positive entry");
        }
        check.Verify();
    }

    [Fact]
    public void Normalisations_should_return_the_expected_vectors_and_matrices()
    {
        var inputs = Inputs(NormalizeCase);
        var check = new Mismatches(NormalizeCase);

        var normalize = inputs.GetProperty("normalize");
        var tolerance = normalize.GetProperty("tol").GetDouble();
        foreach (var (input, output) in new[] { ("x", "expected"), ("x2", "expected2") })
        {
            var x = F32s(normalize.GetProperty(input));
            EpochMath.InplaceNormalize(x);
            CheckAll(check, Doubles(normalize.GetProperty(output)), x, tolerance, $"normalize {input}");
        }

        // Row normalisation on the 4×5 matrix, with its zeros stored or not: a zero row stays zero either way.
        var rowNormalize = inputs.GetProperty("row_normalize");
        var matrix = Doubles(rowNormalize.GetProperty("matrix_rowmajor_4x5"));
        var expected = Doubles(rowNormalize.GetProperty("expected"));
        foreach (var storeZeros in new[] { false, true })
        {
            var rows = SparseFromRowMajor(matrix, 4, 5, storeZeros);
            EpochMath.InplaceRowNormalizeSparse(rows);
            CheckAll(check, expected, DenseBits(rows, 5).Select(I32F32.FromBits).ToArray(), rowNormalize.GetProperty("tol").GetDouble(), $"row_normalize (zeros stored: {storeZeros})");
        }

        // Column normalisation: the same data transposed (5×4), so each column is one of the rows above.
        var transposed = SparseFromRowMajor(Transpose(matrix, 4, 5), 5, 4, storeZeros: false);
        EpochMath.InplaceColNormalizeSparse(transposed, 4);
        var colTolerance = inputs.GetProperty("col_normalize").GetProperty("tol").GetDouble();
        CheckAll(check, Transpose(expected, 4, 5), DenseBits(transposed, 4).Select(I32F32.FromBits).ToArray(), colTolerance, "col_normalize");

        var maxUpscale = inputs.GetProperty("col_max_upscale");
        var upscaled = SparseFromRowMajor(Transpose(Doubles(maxUpscale.GetProperty("matrix_transposed_from")), 4, 5), 5, 4, storeZeros: false);
        EpochMath.InplaceColMaxUpscaleSparse(upscaled, 4);
        CheckAll(check, Transpose(Doubles(maxUpscale.GetProperty("expected")), 4, 5),
            DenseBits(upscaled, 4).Select(I32F32.FromBits).ToArray(), maxUpscale.GetProperty("tol").GetDouble(), "col_max_upscale");
        check.Verify();
    }

    private static void CheckAll(Mismatches check, double[] expected, I32F32[] actual, double tolerance, string where)
    {
        check.Equal(expected.Length, actual.Length, $"{where} length");
        for (var e = 0; e < Math.Min(expected.Length, actual.Length); e++)
            CheckValue(check, expected[e], actual[e], tolerance, $"{where} entry {e}");
    }

    /// <summary>
    /// Compares in I32F32 as the upstream asserts do: the expected literal is converted (an f32 literal unless
    /// <paramref name="convert"/> says otherwise), the tolerance is <c>from_num(tol)</c>, and the difference of the bits
    /// must not exceed it — so a tolerance of 0 means bit-equal.
    /// </summary>
    private static void CheckValue(Mismatches check, double expected, I32F32 actual, double tolerance, string where, Func<double, I32F32>? convert = null)
    {
        var expectedFixed = (convert ?? FromF32Literal)(expected);
        var toleranceBits = I32F32.FromDouble(tolerance).Bits;
        var difference = Int128.Abs((Int128)expectedFixed.Bits - actual.Bits);
        if (difference > toleranceBits)
            check.Add(where, $"{expected} (bits {expectedFixed.Bits}) within {toleranceBits} bits", $"{actual} (bits {actual.Bits}, {difference} bits off)");
    }

    /// <summary>A matrix given as row-major literals with <c>rows</c>, or as nested rows; returns them row-major and the column count.</summary>
    private static (double[] Values, int Columns) Matrix(JsonElement element, JsonElement sub)
    {
        if (element[0].ValueKind == JsonValueKind.Array)
            return (element.EnumerateArray().SelectMany(Doubles).ToArray(), element[0].GetArrayLength());
        var values = Doubles(element);
        return (values, values.Length / sub.GetProperty("rows").GetInt32());
    }

    private static double[] Transpose(double[] rowMajor, int rows, int columns)
    {
        var result = new double[rowMajor.Length];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                result[j * rows + i] = rowMajor[i * columns + j];
        return result;
    }

    private static int[] RowsStoring(SparseRows<I32F32> matrix, int column) =>
        Enumerable.Range(0, matrix.RowCount).Where(i => matrix.Columns(i).Contains(column)).ToArray();
}
