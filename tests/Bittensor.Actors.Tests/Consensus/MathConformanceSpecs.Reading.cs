using System.Text.Json;
using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>Reading <c>math-cases.json</c> values into the engine's types.</summary>
public sealed partial class MathConformanceSpecs
{
    private static JsonElement Inputs(string caseName) =>
        ConformanceFiles.Case(ConformanceFiles.MathCases, caseName).GetProperty("inputs");

    /// <summary>The case's <c>inputs.cases</c>, each with a label that names the case and the sub-case index.</summary>
    private static IEnumerable<(JsonElement Sub, string Where)> SubCases(string caseName) =>
        Inputs(caseName).GetProperty("cases").EnumerateArray().Select((sub, i) => (sub, $"{caseName} sub-case {i}"));

    /// <summary>An upstream f32 literal: rounded to f32 first, then to I32F32 (both ties to even).</summary>
    private static I32F32 F32(JsonElement literal) => FromF32Literal(literal.GetDouble());

    private static I32F32 FromF32Literal(double literal) => I32F32.FromSingle((float)literal);

    private static I32F32[] F32s(JsonElement literals) => literals.EnumerateArray().Select(F32).ToArray();

    private static long[] F32Bits(JsonElement literals) => F32s(literals).Select(x => x.Bits).ToArray();

    private static I32F32[] Bits(JsonElement bits) => bits.EnumerateArray().Select(e => I32F32.FromBits(e.GetInt64())).ToArray();

    private static long[] Longs(JsonElement values) => values.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private static double[] Doubles(JsonElement values) => values.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static ushort[] U16s(JsonElement values) => values.EnumerateArray().Select(e => e.GetUInt16()).ToArray();

    /// <summary>
    /// A row-major matrix of f32 literals as sparse rows: with <paramref name="storeZeros"/> every entry is stored (the
    /// dense routines' view), otherwise zeros are left out as <c>vec_to_sparse_mat_fixed</c> does.
    /// </summary>
    private static SparseRows<I32F32> SparseFromRowMajor(double[] rowMajor, int rows, int columns, bool storeZeros) =>
        SparseFromBits(rowMajor.Select(x => I32F32.FromSingle((float)x)).ToArray(), rows, columns, storeZeros);

    private static SparseRows<I32F32> SparseFromBits(I32F32[] rowMajor, int rows, int columns, bool storeZeros)
    {
        var builder = new SparseRows<I32F32>.Builder(rows, rowMajor.Length);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var value = rowMajor[i * columns + j];
                if (storeZeros || value != I32F32.Zero) builder.Add(j, value);
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary>Rows of <c>[column, literal]</c> pairs, each literal converted by <paramref name="convert"/>.</summary>
    private static SparseRows<I32F32> SparseFromPairs(JsonElement rows, Func<double, I32F32> convert) =>
        SparseRows<I32F32>.FromRows(rows.EnumerateArray()
            .Select(row => (IReadOnlyList<(int, I32F32)>)row.EnumerateArray()
                .Select(pair => (pair[0].GetInt32(), convert(pair[1].GetDouble())))
                .ToArray())
            .ToArray());

    /// <summary>The matrix as row-major bits, absent entries 0.</summary>
    private static long[] DenseBits(SparseRows<I32F32> matrix, int columns)
    {
        var dense = new long[matrix.RowCount * columns];
        for (var i = 0; i < matrix.RowCount; i++)
            foreach (var (j, value) in matrix.Row(i))
                dense[i * columns + j] = value.Bits;
        return dense;
    }
}
