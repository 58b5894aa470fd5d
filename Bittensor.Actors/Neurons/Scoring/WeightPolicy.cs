using Bittensor.Consensus;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// Turns a validator's scores into a weights row the chain accepts (yuma-spec §4.1, checked with the chain's own
/// <see cref="EpochMath.VecU16MaxUpscaleToU16"/> and <see cref="EpochMath.CheckVecMaxLimited"/> before it is sent):
/// weight only uids with a positive score, never itself; cap every share at <c>max_weight_limit</c> by clipping the
/// largest and giving the excess to the rest in proportion (core_validator's <c>normalize_max_weight</c>), or, when
/// too few uids scored to respect the cap, share equally among the best as that function does; pad with zero
/// weights up to <c>min_allowed_weights</c>; quantize to u16 with the largest at 65535.
/// </summary>
public static class WeightPolicy
{
    /// <summary>
    /// The row for <paramref name="scores"/> (by uid), or null when no uid but the validator itself scored above
    /// zero (a validator that has learned nothing yet sets no weights) or when the subnet has too few other uids for
    /// any row to respect the cap (fewer than <c>65535 / max_weight_limit</c>: the chain would refuse every row).
    /// </summary>
    /// <param name="scores">Each uid's score; non-finite scores count as unscored.</param>
    /// <param name="selfUid">The validator's own uid (never weighted), or -1.</param>
    /// <param name="minAllowedWeights">The subnet's <c>min_allowed_weights</c>.</param>
    /// <param name="maxWeightLimit">The subnet's <c>max_weight_limit</c>, as u16 of 65535.</param>
    public static WeightsRow? Choose(IReadOnlyList<double> scores, int selfUid, int minAllowedWeights, ushort maxWeightLimit)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var n = scores.Count;
        if (maxWeightLimit == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWeightLimit), "A max_weight_limit of 0 allows no weights at all.");
        }

        // Best first, ties by uid, so the row is a function of the scores alone.
        var ranked = Enumerable.Range(0, n)
            .Where(uid => uid != selfUid)
            .OrderByDescending(uid => double.IsFinite(scores[uid]) ? scores[uid] : double.NegativeInfinity)
            .ThenBy(uid => uid)
            .ToList();
        var positive = ranked.Count(uid => double.IsFinite(scores[uid]) && scores[uid] > 0);
        if (positive == 0 || ranked.Count * (double)maxWeightLimit < ushort.MaxValue)
        {
            return null;
        }

        // The chain's check is in I32F32 after quantization, so aim a hair under the limit until the row passes.
        for (var margin = 0; margin < 64; margin++)
        {
            var limit = maxWeightLimit / 65535.0 * (1 - (margin * 1e-4));
            var shares = Shares(scores, ranked, positive, limit);
            var row = Pad(shares, ranked, Math.Min(minAllowedWeights, n));
            if (Accepted(row, maxWeightLimit))
            {
                return row;
            }
        }

        throw new InvalidOperationException($"No weights row within max_weight_limit {maxWeightLimit} for {n} uids.");
    }

    /// <summary>Shares (summing to 1) of the top uids of <paramref name="ranked"/>, each at most <paramref name="limit"/>.</summary>
    private static List<(int Uid, double Share)> Shares(IReadOnlyList<double> scores, List<int> ranked, int positive, double limit)
    {
        var needed = (int)Math.Ceiling(1 / limit - 1e-12);
        if (positive < needed)
        {
            var equal = Math.Min(needed, ranked.Count);
            return ranked.Take(equal).Select(uid => (uid, 1.0 / equal)).ToList();
        }

        var shares = new double[positive];
        var total = 0.0;
        for (var k = 0; k < positive; k++)
        {
            total += scores[ranked[k]];
        }

        for (var k = 0; k < positive; k++)
        {
            shares[k] = scores[ranked[k]] / total;
        }

        // Water-filling: clip what exceeds the limit, hand the excess to the unclipped in proportion, repeat.
        var clipped = new bool[positive];
        for (var round = 0; round < positive; round++)
        {
            var excess = 0.0;
            var free = 0.0;
            for (var k = 0; k < positive; k++)
            {
                if (!clipped[k] && shares[k] > limit)
                {
                    excess += shares[k] - limit;
                    shares[k] = limit;
                    clipped[k] = true;
                }
            }

            if (excess == 0)
            {
                break;
            }

            for (var k = 0; k < positive; k++)
            {
                free += clipped[k] ? 0 : shares[k];
            }

            for (var k = 0; k < positive && free > 0; k++)
            {
                shares[k] += clipped[k] ? 0 : excess * shares[k] / free;
            }
        }

        return Enumerable.Range(0, positive).Select(k => (ranked[k], shares[k])).ToList();
    }

    /// <summary>Quantizes the shares (largest → 65535) and adds zero weights for the next-ranked uids up to <paramref name="minimum"/>.</summary>
    private static WeightsRow Pad(List<(int Uid, double Share)> shares, List<int> ranked, int minimum)
    {
        var max = shares.Max(s => s.Share);
        var row = shares.ToDictionary(s => s.Uid, s => (ushort)Math.Round(s.Share / max * ushort.MaxValue));
        foreach (var uid in ranked)
        {
            if (row.Count >= minimum)
            {
                break;
            }

            row.TryAdd(uid, 0);
        }

        var uids = row.Keys.Order().ToArray();
        return new WeightsRow(uids.Select(uid => (ushort)uid).ToArray(), uids.Select(uid => row[uid]).ToArray());
    }

    private static bool Accepted(WeightsRow row, ushort maxWeightLimit) =>
        maxWeightLimit == ushort.MaxValue
        || EpochMath.CheckVecMaxLimited(EpochMath.VecU16MaxUpscaleToU16(row.Values), maxWeightLimit);
}
