namespace Bittensor.Sim.Output;

/// <summary>
/// The few statistics the summary needs, written out so that their tie and edge-case rules are ours to state:
/// undefined results are <see langword="null"/>, never NaN, because summary.json cannot carry NaN.
/// </summary>
public static class Statistics
{
    /// <summary>
    /// Spearman's rank correlation: Pearson's correlation of the two samples' ranks, tied values sharing the average
    /// of the ranks they span. <see langword="null"/> with fewer than two pairs or when either sample is constant
    /// (its ranks have no variance, so no correlation is defined).
    /// </summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"samples differ in length ({x.Count} and {y.Count})", nameof(y));
        if (x.Count < 2) return null;
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>
    /// Pearson's correlation; <see langword="null"/> with fewer than two pairs or when either sample has no variance.
    /// </summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"samples differ in length ({x.Count} and {y.Count})", nameof(y));
        var n = x.Count;
        if (n < 2) return null;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double covariance = 0, varianceX = 0, varianceY = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            covariance += dx * dy;
            varianceX += dx * dx;
            varianceY += dy * dy;
        }
        if (varianceX <= 0 || varianceY <= 0) return null;
        // Rounding can push a perfect correlation a hair past ±1.
        return Math.Clamp(covariance / Math.Sqrt(varianceX * varianceY), -1.0, 1.0);
    }

    /// <summary>
    /// 1-based ranks in ascending order; a run of equal values gets the mean of the ranks it spans (so [5, 7, 7, 9] ranks
    /// as [1, 2.5, 2.5, 4]). NaN is not a value: it throws.
    /// </summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i])) throw new ArgumentException($"value {i} is NaN", nameof(values));
            order[i] = i;
        }
        // Index as the tie-breaker keeps the sort total, so the result never depends on the sort's stability.
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        var ranks = new double[n];
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1.0;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// The Gini coefficient of non-negative amounts, <c>Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean)</c>: 0 when all are equal,
    /// (n − 1) / n when one holds everything (so [0, 0, 1] gives 2/3). <see langword="null"/> when empty or when the total
    /// is zero (nothing is distributed, so there is no inequality to measure).
    /// </summary>
    public static double? Gini(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0) return null;
        var sorted = values.ToArray();
        foreach (var v in sorted)
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException("amounts must be finite and non-negative", nameof(values));
        Array.Sort(sorted);
        double total = 0, weighted = 0;
        for (var i = 0; i < n; i++)
        {
            total += sorted[i];
            weighted += (i + 1) * sorted[i];
        }
        if (total <= 0) return null;
        // The sorted form of the pairwise definition: G = 2 Σ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n, O(n log n).
        return Math.Max(0.0, 2.0 * weighted / (n * total) - (n + 1.0) / n);
    }
}
