using System.Buffers;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

public static partial class EpochMath
{
    /// <summary>
    /// <c>weighted_median</c>: the stake-weighted κ-quantile of <paramref name="score"/> over the indices in
    /// <paramref name="partition"/>, ported literally (iterative partition around the middle element, scores equal
    /// to the pivot in neither half) because the boundary cases where the cumulative stake equals
    /// <paramref name="minority"/> depend on it.
    /// </summary>
    public static I32F32 WeightedMedian(
        ReadOnlySpan<I32F32> stake, ReadOnlySpan<I32F32> score, ReadOnlySpan<int> partition,
        I32F32 minority, I32F32 partitionLo, I32F32 partitionHi)
    {
        if (stake.Length != score.Length) return I32F32.Zero;
        var buffer = new int[partition.Length * 2];
        return WeightedMedian(stake, score, partition, minority, partitionLo, partitionHi, buffer);
    }

    // `scratch` holds at least 2 × partition.Length indices: the working partition and the half being built.
    private static I32F32 WeightedMedian(
        ReadOnlySpan<I32F32> stake, ReadOnlySpan<I32F32> score, ReadOnlySpan<int> partition,
        I32F32 minority, I32F32 lo, I32F32 hi, Span<int> scratch)
    {
        var iterationLimit = partition.Length;
        var current = scratch[..partition.Length];
        var next = scratch.Slice(partition.Length, partition.Length);
        partition.CopyTo(current);
        var n = partition.Length;
        for (var iteration = 0; ;)
        {
            if (n == 0) return I32F32.Zero;
            if (n == 1) return score[current[0]];
            var pivot = score[current[n / 2]];

            // One pass splits the partition: the lower half fills `next` from the front, the upper half from the
            // back (reversed, so it is reversed again below to keep uid order).
            var loStake = I32F32.Zero;
            var hiStake = I32F32.Zero;
            int lowerCount = 0, upperCount = 0;
            for (var p = 0; p < n; p++)
            {
                var idx = current[p];
                var s = score[idx];
                if (s == pivot) continue;
                if (s < pivot)
                {
                    loStake = I32F32.SaturatingAdd(loStake, stake[idx]);
                    next[lowerCount++] = idx;
                }
                else
                {
                    hiStake = I32F32.SaturatingAdd(hiStake, stake[idx]);
                    next[n - 1 - upperCount++] = idx;
                }
            }

            if (minority < I32F32.SaturatingAdd(lo, loStake) && lowerCount > 0)
            {
                hi = I32F32.SaturatingAdd(lo, loStake);
                next[..lowerCount].CopyTo(current);
                n = lowerCount;
            }
            else if (I32F32.SaturatingSub(hi, hiStake) <= minority && upperCount > 0)
            {
                lo = I32F32.SaturatingSub(hi, hiStake);
                var upper = next.Slice(n - upperCount, upperCount);
                upper.Reverse();
                upper.CopyTo(current);
                n = upperCount;
            }
            else return pivot;

            if (++iteration > iterationLimit) return I32F32.Zero;
        }
    }

    /// <summary>
    /// <c>weighted_median_col_sparse</c>: consensus per column. Validators with positive stake are kept in uid
    /// order and their stakes renormalised; a kept validator without an entry in a column votes 0 there;
    /// <c>minority = Σ stake − majority</c>.
    /// </summary>
    public static I32F32[] WeightedMedianColSparse(ReadOnlySpan<I32F32> stake, SparseRows<I32F32> score, int columns, I32F32 majority)
    {
        var keptRows = new List<int>();
        for (var i = 0; i < stake.Length; i++)
            if (stake[i] > I32F32.Zero) keptRows.Add(i);
        var voters = keptRows.Count;
        var useStake = new I32F32[voters];
        for (var k = 0; k < voters; k++) useStake[k] = stake[keptRows[k]];
        InplaceNormalize(useStake);
        var stakeSum = Sum(useStake);
        var minority = I32F32.SaturatingSub(stakeSum, majority);

        // Scores transposed to column-major, so each column's votes are contiguous; later duplicates win, as in
        // the chain's assignment.
        var voteCount = (long)columns * voters;
        var votes = voteCount <= Array.MaxLength ? ArrayPool<long>.Shared.Rent((int)voteCount) : new long[voteCount];
        try
        {
            Array.Clear(votes, 0, (int)voteCount);
            for (var k = 0; k < voters; k++)
            {
                var row = keptRows[k];
                if (row >= score.RowCount) continue;
                var cols = score.Columns(row);
                var values = score.Values(row);
                for (var e = 0; e < cols.Length; e++)
                    if ((uint)cols[e] < (uint)columns) votes[(long)cols[e] * voters + k] = values[e].Bits;
            }

            var median = new I32F32[columns];
            // With non-negative stakes of at most 2^46 bits (renormalised ones are at most 2^32), at most 2^16 voters
            // cannot overflow a sum, and cumulative stake grows with the score: then the fast selection returns what
            // the literal loop returns (EpochMathMedianSpecs pins this). Anything else takes the literal loop.
            var fast = Array.TrueForAll(useStake, s => s.Bits >= 0 && s.Bits <= 1L << 46);
            var keys = new long[voters];
            var stakeBits = Array.ConvertAll(useStake, s => s.Bits);
            var identity = new int[voters];
            for (var k = 0; k < voters; k++) identity[k] = k;
            var scratch = new int[voters * 2];
            for (var j = 0; j < columns; j++)
            {
                var column = votes.AsSpan((int)((long)j * voters), voters);
                median[j] = fast && TrySelectPacked(column, stakeBits, minority.Bits, stakeSum.Bits, keys, out var selected)
                    ? I32F32.FromBits(selected)
                    : WeightedMedian(useStake, System.Runtime.InteropServices.MemoryMarshal.Cast<long, I32F32>(column), identity, minority, I32F32.Zero, stakeSum, scratch);
            }
            return median;
        }
        finally
        {
            if (voteCount <= Array.MaxLength) ArrayPool<long>.Shared.Return(votes);
        }
    }

    /// <summary>
    /// The value <see cref="WeightedMedian"/> returns, found by an in-place weighted quickselect. The literal loop's
    /// answer does not depend on its pivots: it is the smallest score whose cumulative (ascending) stake exceeds the
    /// minority, the minimum score when the minority is negative, and the maximum when no score's does. Each round
    /// keeps the loop's three-way decision, so the empty-half rules are the chain's too. Each score is packed above
    /// its voter's index in one integer, so a swap moves one word; scores of [0, 2^46) (every normalised weight) fit
    /// beside 17 index bits, and a column with others is left to the literal loop.
    /// </summary>
    private static bool TrySelectPacked(ReadOnlySpan<long> columnScores, long[] stakes, long minority, long total, long[] keys, out long median)
    {
        const int IndexBits = 17;
        const long IndexMask = (1L << IndexBits) - 1;
        median = 0;
        var count = columnScores.Length;
        if (count == 0) return true;
        for (var k = 0; k < count; k++)
        {
            var score = columnScores[k];
            if ((ulong)score >= 1UL << 46) return false;
            keys[k] = (score << IndexBits) | (long)k;
        }

        int left = 0, right = count;
        long lo = 0, hi = total;
        while (true)
        {
            if (right - left == 1) { median = keys[left] >> IndexBits; return true; }
            var pivot = keys[left + (right - left) / 2] >> IndexBits;

            // Two branch-free Lomuto passes (a comparison of random scores mispredicts half the time): first the
            // scores below the pivot to the front, then, among the rest, the scores equal to it. Each step swaps
            // unconditionally and advances the boundary by the comparison's 0 or 1.
            var lessEnd = left;
            long lessStake = 0;
            for (var index = left; index < right; index++)
            {
                var key = keys[index];
                var less = (long)((ulong)((key >> IndexBits) - pivot) >> 63);
                keys[index] = keys[lessEnd];
                keys[lessEnd] = key;
                lessEnd += (int)less;
                lessStake += stakes[key & IndexMask] & -less;
            }
            var equalEnd = lessEnd;
            long greaterStake = 0;
            for (var index = lessEnd; index < right; index++)
            {
                var key = keys[index];
                var difference = (key >> IndexBits) ^ pivot;
                var equal = 1 + ((difference | -difference) >> 63);
                keys[index] = keys[equalEnd];
                keys[equalEnd] = key;
                equalEnd += (int)equal;
                greaterStake += stakes[key & IndexMask] & (equal - 1);
            }

            if (minority < lo + lessStake && lessEnd > left)
            {
                hi = lo + lessStake;
                right = lessEnd;
            }
            else if (hi - greaterStake <= minority && equalEnd < right)
            {
                lo = hi - greaterStake;
                left = equalEnd;
            }
            else { median = pivot; return true; }
        }
    }
}
