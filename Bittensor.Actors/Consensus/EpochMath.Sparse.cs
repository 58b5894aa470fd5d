using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class EpochMath
{
    /// <summary><c>inplace_row_normalize_sparse</c>: each row divided by its plain sum where that sum is positive.</summary>
    public static void InplaceRowNormalizeSparse(SparseRows<I32F32> matrix)
    {
        for (var i = 0; i < matrix.RowCount; i++) InplaceNormalizeRow(matrix.MutableValues(i));
    }

    /// <summary>One row of <c>inplace_row_normalize_sparse</c>: divided by its plain sum if that sum is positive.</summary>
    public static void InplaceNormalizeRow(Span<I32F32> row)
    {
        var sum = Sum(row);
        if (sum <= I32F32.Zero) return;
        var divisor = new FixedDivisor(sum);
        for (var k = 0; k < row.Length; k++) row[k] = divisor.Divide(row[k]);
    }

    /// <summary><c>inplace_col_normalize_sparse</c>: each entry divided by its column's saturating sum, where non-zero.</summary>
    public static void InplaceColNormalizeSparse(SparseRows<I32F32> matrix, int columns)
    {
        var sums = ColumnSums(matrix, columns);
        DivideByColumn(matrix, sums);
    }

    /// <summary>The saturating sum of each of the first <paramref name="columns"/> columns.</summary>
    internal static I32F32[] ColumnSums(SparseRows<I32F32> matrix, int columns)
    {
        var sums = new I32F32[columns];
        var entryColumns = matrix.EntryColumns;
        var entryValues = matrix.EntryValues;
        for (var e = 0; e < entryColumns.Length; e++)
        {
            var j = entryColumns[e];
            if ((uint)j < (uint)columns) sums[j] = I32F32.SaturatingAdd(sums[j], entryValues[e]);
        }
        return sums;
    }

    /// <summary><c>inplace_col_max_upscale_sparse</c>: each entry divided by its column's maximum, where non-zero.</summary>
    public static void InplaceColMaxUpscaleSparse(SparseRows<I32F32> matrix, int columns)
    {
        var max = new I32F32[columns];
        var entries = matrix.EntryCount;
        for (var e = 0; e < entries; e++)
        {
            var j = matrix.ColumnIndex[e];
            if (max[j] < matrix.Value[e]) max[j] = matrix.Value[e];
        }
        DivideByColumn(matrix, max);
    }

    // Every entry divided by its column's divisor, where that divisor is non-zero (safe_div semantics).
    private static void DivideByColumn(SparseRows<I32F32> matrix, I32F32[] columnDivisor)
    {
        var divisors = ColumnDivisors(columnDivisor);
        var entries = matrix.EntryCount;
        var columnIndex = matrix.ColumnIndex;
        var value = matrix.Value;
        for (var e = 0; e < entries; e++)
        {
            var j = columnIndex[e];
            if ((uint)j < (uint)columnDivisor.Length) value[e] = NormalizedBy(value[e], columnDivisor[j], divisors[j]);
        }
    }

    /// <summary>One reusable divisor per column sum or maximum.</summary>
    internal static FixedDivisor[] ColumnDivisors(I32F32[] columnDivisor) =>
        Array.ConvertAll(columnDivisor, divisor => new FixedDivisor(divisor));

    /// <summary>
    /// The column normalisations' rule: safe_div by the column's divisor where it is non-zero, the value unchanged
    /// where it is zero.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static I32F32 NormalizedBy(I32F32 value, I32F32 divisor, FixedDivisor reciprocal) =>
        divisor == I32F32.Zero ? value : reciprocal.Divide(value);

    /// <summary>
    /// <c>col_clip_sparse</c>: <c>min(w_ij, threshold_j)</c>; an entry above a threshold of zero is dropped rather than
    /// stored as zero, while explicit zero entries stay.
    /// </summary>
    public static SparseRows<I32F32> ColClipSparse(SparseRows<I32F32> matrix, ReadOnlySpan<I32F32> threshold)
    {
        var rows = matrix.RowCount;
        var builder = new SparseRows<I32F32>.Builder(rows, matrix.EntryCount, pooled: true);
        for (var i = 0; i < rows; i++)
        {
            var columns = matrix.Columns(i);
            var values = matrix.Values(i);
            for (var k = 0; k < columns.Length; k++)
            {
                var j = columns[k];
                var th = (uint)j < (uint)threshold.Length ? threshold[j] : I32F32.Zero;
                if (th < values[k])
                {
                    if (th > I32F32.Zero) builder.Add(j, th);
                }
                else builder.Add(j, values[k]);
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary><c>row_sum_sparse</c>: the plain sum of each row.</summary>
    public static I32F32[] RowSumSparse(SparseRows<I32F32> matrix)
    {
        var sums = new I32F32[matrix.RowCount];
        for (var i = 0; i < sums.Length; i++) sums[i] = Sum(matrix.Values(i));
        return sums;
    }

    /// <summary><c>matmul_sparse</c>: <c>r_j = Σ_i v_i · m_ij</c>, saturating, over <paramref name="columns"/> columns.</summary>
    public static I32F32[] MatmulSparse(SparseRows<I32F32> matrix, ReadOnlySpan<I32F32> vector, int columns)
    {
        var result = new I32F32[columns];
        for (var i = 0; i < matrix.RowCount; i++)
        {
            var scale = i < vector.Length ? vector[i] : I32F32.Zero;
            var cols = matrix.Columns(i);
            var values = matrix.Values(i);
            for (var k = 0; k < cols.Length; k++)
            {
                var j = cols[k];
                if ((uint)j < (uint)columns) result[j] = I32F32.SaturatingAdd(result[j], I32F32.SaturatingMul(scale, values[k]));
            }
        }
        return result;
    }

    /// <summary>
    /// <c>mat_vec_mul_sparse</c>: <c>m_ij · v_j</c> per entry (saturating), keeping only non-zero products.
    /// </summary>
    public static SparseRows<I32F32> MatVecMulSparse(SparseRows<I32F32> matrix, ReadOnlySpan<I32F32> vector)
    {
        var builder = new SparseRows<I32F32>.Builder(matrix.RowCount, matrix.EntryCount, pooled: true);
        for (var i = 0; i < matrix.RowCount; i++)
        {
            var cols = matrix.Columns(i);
            var values = matrix.Values(i);
            for (var k = 0; k < cols.Length; k++)
            {
                if ((uint)cols[k] >= (uint)vector.Length) continue;
                var product = I32F32.SaturatingMul(values[k], vector[cols[k]]);
                if (product != I32F32.Zero) builder.Add(cols[k], product);
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary>
    /// <c>interpolate_sparse</c>: <c>m1 + ratio · (m2 − m1)</c> over all <paramref name="columns"/> columns of each row,
    /// keeping positive results in column order. Ratio 0 returns <paramref name="first"/> and ratio 1
    /// <paramref name="second"/> unchanged (explicit zeros and stored order included).
    /// </summary>
    public static SparseRows<I32F32> InterpolateSparse(SparseRows<I32F32> first, SparseRows<I32F32> second, int columns, I32F32 ratio)
    {
        if (ratio == I32F32.Zero) return first;
        if (ratio == I32F32.One) return second;
        var builder = new SparseRows<I32F32>.Builder(first.RowCount, Math.Max(first.EntryCount, second.EntryCount), pooled: true);
        var row1 = new DenseRow(columns);
        var row2 = new DenseRow(columns);
        for (var i = 0; i < first.RowCount; i++)
        {
            var entries = first.Columns(i).Length + (i < second.RowCount ? second.Columns(i).Length : 0);
            row1.Begin(entries);
            row2.Begin(entries);
            // Both rows are addressed through row1's column list, so row1 records every touched column.
            Scatter(first, i, row1, row1);
            if (i < second.RowCount) Scatter(second, i, row2, row1);
            foreach (var j in row1.ColumnsInOrder())
            {
                var v1 = row1.Peek(j);
                var v2 = row2.Peek(j);
                var interpolated = I32F32.SaturatingAdd(v1, I32F32.SaturatingMul(ratio, I32F32.SaturatingSub(v2, v1)));
                if (interpolated > I32F32.Zero) builder.Add(j, interpolated);
            }
            row1.Clear();
            row2.Clear();
            builder.EndRow();
        }
        return builder.Build();
    }

    private static void Scatter(SparseRows<I32F32> matrix, int row, DenseRow target, DenseRow columnRecorder)
    {
        var cols = matrix.Columns(row);
        var values = matrix.Values(row);
        for (var k = 0; k < cols.Length; k++)
        {
            var j = cols[k];
            if ((uint)j >= (uint)target.Length) continue;
            columnRecorder.At(j);
            target.At(j) = values[k];
        }
    }

    /// <summary>
    /// <c>mat_ema_sparse</c>: <c>alpha · new + (1 − alpha) · old</c> accumulated densely per row (saturating), keeping
    /// positive results in column order. Bonds absent from the new weights decay instead of vanishing.
    /// </summary>
    public static SparseRows<I32F32> MatEmaSparse(SparseRows<I32F32> next, SparseRows<I32F32> old, I32F32 alpha, int columns)
    {
        var oneMinusAlpha = I32F32.SaturatingSub(I32F32.One, alpha);
        var builder = new SparseRows<I32F32>.Builder(next.RowCount, next.EntryCount + old.EntryCount, pooled: true);
        var accumulator = new DenseRow(columns);
        for (var i = 0; i < next.RowCount; i++)
        {
            var oldEntries = i < old.RowCount ? old.Columns(i).Length : 0;
            accumulator.Begin(next.Columns(i).Length + oldEntries);
            Accumulate(next, i, alpha, accumulator);
            if (i < old.RowCount) Accumulate(old, i, oneMinusAlpha, accumulator);
            accumulator.EmitPositive(builder);
            builder.EndRow();
        }
        return builder.Build();
    }

    private static void Accumulate(SparseRows<I32F32> matrix, int row, I32F32 scale, DenseRow accumulator)
    {
        var cols = matrix.Columns(row);
        var values = matrix.Values(row);
        for (var k = 0; k < cols.Length; k++)
        {
            var j = cols[k];
            if ((uint)j >= (uint)accumulator.Length) continue;
            ref var cell = ref accumulator.At(j);
            cell = I32F32.SaturatingAdd(cell, I32F32.SaturatingMul(scale, values[k]));
        }
    }

    /// <summary>
    /// <c>mat_ema_alpha_sparse</c>: per entry <c>min(1, (1 − α_ij) · old_ij + max(0, α_ij · new_ij))</c>, emitted only for
    /// the entries of the new row (in its order) and kept if positive: bonds whose column is absent from the new
    /// row are dropped, not decayed. <paramref name="alpha"/> fills α for the columns of row i's new entries.
    /// </summary>
    public static SparseRows<I32F32> MatEmaAlphaSparse(SparseRows<I32F32> next, SparseRows<I32F32> old, int columns, Action<int, ReadOnlySpan<int>, Span<I32F32>> alpha)
    {
        var builder = new SparseRows<I32F32>.Builder(next.RowCount, next.EntryCount, pooled: true);
        var decayed = new I32F32[columns];
        var alphaOfColumn = new I32F32[columns];
        var alphas = new I32F32[columns];
        for (var i = 0; i < next.RowCount; i++)
        {
            var newColumns = next.Columns(i);
            var newValues = next.Values(i);
            if (newColumns.IsEmpty) { builder.EndRow(); continue; }

            var rowAlphas = alphas.AsSpan(0, newColumns.Length);
            alpha(i, newColumns, rowAlphas);
            for (var k = 0; k < newColumns.Length; k++) alphaOfColumn[newColumns[k]] = rowAlphas[k];

            // The chain fills a dense row of (1 − α_ij) · old_ij but reads back only the new row's columns, so only
            // those need α; a column absent from the new row is never read, which is why its bond is dropped.
            var oldColumns = i < old.RowCount ? old.Columns(i) : [];
            var oldValues = i < old.RowCount ? old.Values(i) : [];
            for (var k = 0; k < oldColumns.Length; k++)
            {
                var j = oldColumns[k];
                if ((uint)j < (uint)columns)
                    decayed[j] = I32F32.SaturatingMul(I32F32.SaturatingSub(I32F32.One, alphaOfColumn[j]), oldValues[k]);
            }
            for (var k = 0; k < newColumns.Length; k++)
            {
                var j = newColumns[k];
                var increment = I32F32.Max(I32F32.SaturatingMul(rowAlphas[k], newValues[k]), I32F32.Zero);
                var value = I32F32.Min(I32F32.SaturatingAdd(decayed[j], increment), I32F32.One);
                if (value > I32F32.Zero) builder.Add(j, value);
            }
            for (var k = 0; k < oldColumns.Length; k++)
                if ((uint)oldColumns[k] < (uint)columns) decayed[oldColumns[k]] = I32F32.Zero;
            for (var k = 0; k < newColumns.Length; k++) alphaOfColumn[newColumns[k]] = I32F32.Zero;
            builder.EndRow();
        }
        return builder.Build();
    }
}
