using Bittensor.Consensus;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// <see cref="EpochMath.WeightedMedianColSparse"/> selects each column's median with an in-place quickselect rather
/// than the chain's literal partition loop. These specs hold it to the literal <see cref="EpochMath.WeightedMedian"/>
/// on seeded columns full of the awkward cases: ties, zero and tiny stakes, voters without an entry, explicit
/// zeros, and majorities from below 0 to above 1.
/// </summary>
public sealed class EpochMathMedianSpecs
{
    [Fact]
    public void WeightedMedianColSparse_should_equal_the_literal_loop_on_every_column()
    {
        var random = new Random(2024);
        for (var trial = 0; trial < 400; trial++)
        {
            var voters = random.Next(0, 24);
            var columns = random.Next(1, 12);
            var stake = new I32F32[voters];
            for (var i = 0; i < voters; i++)
                stake[i] = random.Next(5) switch
                {
                    0 => I32F32.Zero,
                    1 => I32F32.FromBits(random.Next(1, 4)), // renormalises to (almost) nothing
                    _ => I32F32.FromBits(random.NextInt64(1, 1L << 33)),
                };

            // Few distinct values so that ties and equal cumulative stakes are common.
            var palette = Enumerable.Range(0, random.Next(1, 5)).Select(_ => I32F32.FromBits(random.NextInt64(0, 1L << 32))).ToArray();
            var rows = new List<IReadOnlyList<(int, I32F32)>>();
            for (var i = 0; i < voters; i++)
            {
                var row = new List<(int, I32F32)>();
                foreach (var j in Enumerable.Range(0, columns).OrderBy(_ => random.Next()))
                    if (random.Next(3) > 0) row.Add((j, random.Next(6) == 0 ? I32F32.Zero : palette[random.Next(palette.Length)]));
                rows.Add(row);
            }
            var weights = SparseRows<I32F32>.FromRows(rows);
            var majority = I32F32.FromBits(random.NextInt64(-(1L << 31), (1L << 32) + (1L << 31)));

            var actual = EpochMath.WeightedMedianColSparse(stake, weights, columns, majority);

            Assert.Equal(LiteralColumnMedians(stake, rows, columns, majority), actual);
        }
    }

    // The chain's weighted_median_col_sparse spelled out with the literal loop.
    private static I32F32[] LiteralColumnMedians(I32F32[] stake, List<IReadOnlyList<(int Column, I32F32 Value)>> rows, int columns, I32F32 majority)
    {
        var kept = Enumerable.Range(0, stake.Length).Where(i => stake[i] > I32F32.Zero).ToArray();
        var useStake = kept.Select(i => stake[i]).ToArray();
        EpochMath.InplaceNormalize(useStake);
        var sum = EpochMath.Sum(useStake);
        var minority = I32F32.SaturatingSub(sum, majority);
        var partition = Enumerable.Range(0, kept.Length).ToArray();
        var medians = new I32F32[columns];
        for (var j = 0; j < columns; j++)
        {
            var score = new I32F32[kept.Length];
            for (var k = 0; k < kept.Length; k++)
                foreach (var (column, value) in rows[kept[k]])
                    if (column == j) score[k] = value;
            medians[j] = EpochMath.WeightedMedian(useStake, score, partition, minority, I32F32.Zero, sum);
        }
        return medians;
    }
}
