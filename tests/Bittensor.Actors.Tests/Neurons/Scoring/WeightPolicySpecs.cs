using Bittensor.Consensus;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Tests.Neurons.Scoring;

/// <summary><see cref="WeightPolicy"/>: every row it makes passes the chain's weight rules; better scores never weigh less.</summary>
public sealed class WeightPolicySpecs
{
    [Fact]
    public void Rows_for_random_scores_and_rules_should_pass_the_chains_checks()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = random.Next(2, 300);
            var scores = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3 ? -random.NextDouble() : random.NextDouble() * random.NextDouble()).ToArray();
            var self = random.Next(-1, n);
            var minAllowed = random.Next(0, 40);
            var limit = (ushort)(random.NextDouble() < 0.3 ? ushort.MaxValue : random.Next(300, 65535));

            var row = WeightPolicy.Choose(scores, self, minAllowed, limit);
            var others = n - (self >= 0 ? 1 : 0);
            if (scores.Where((_, uid) => uid != self).All(s => s <= 0) || others * (double)limit < ushort.MaxValue)
            {
                Assert.Null(row);
                continue;
            }

            Assert.NotNull(row);
            Assert.Equal(row.Uids.Length, row.Values.Length);
            Assert.Equal(row.Uids.Order(), row.Uids);
            Assert.Equal(row.Uids.Length, row.Uids.Distinct().Count());
            Assert.DoesNotContain((ushort)self, self >= 0 ? row.Uids : []);
            Assert.True(row.Uids.Length >= Math.Min(minAllowed, n) || row.Uids.Length == n - (self >= 0 ? 1 : 0), $"trial {trial}: {row.Uids.Length} weights");
            Assert.True(EpochMath.CheckVecMaxLimited(EpochMath.VecU16MaxUpscaleToU16(row.Values), limit), $"trial {trial}: over max_weight_limit {limit}");
            Assert.Equal(ushort.MaxValue, row.Values.Max());
        }
    }

    [Fact]
    public void Weights_should_follow_scores_and_weight_only_positive_scores_when_the_cap_allows()
    {
        double[] scores = [0.4, 0.1, -0.2, 0.2, 0.0];

        var row = WeightPolicy.Choose(scores, selfUid: 4, minAllowedWeights: 1, maxWeightLimit: ushort.MaxValue)!;

        Assert.Equal([(ushort)0, 1, 3], row.Uids);
        Assert.Equal([(ushort)65535, 16384, 32768], row.Values);
    }

    [Fact]
    public void A_tight_cap_should_clip_the_best_and_too_few_scored_uids_should_share_equally()
    {
        double[] scores = [0.9, 0.05, 0.05, 0.0, 0.0];
        var half = (ushort)(ushort.MaxValue / 2);

        var clipped = WeightPolicy.Choose([0.9, 0.3, 0.3, 0.3], -1, 1, half)!;
        var equal = WeightPolicy.Choose(scores, -1, 1, 16384)!; // 16384/65535 is a hair over 1/4

        Assert.Equal(4, clipped.Uids.Length);
        Assert.True(EpochMath.CheckVecMaxLimited(EpochMath.VecU16MaxUpscaleToU16(clipped.Values), half));
        Assert.Equal(4, equal.Uids.Length); // 3 scored, but a 1/4 cap needs 4 uids
        Assert.All(equal.Values, v => Assert.Equal(ushort.MaxValue, v));
        Assert.Null(WeightPolicy.Choose([0.5, 0.0], selfUid: 0, 1, ushort.MaxValue));
        Assert.Null(WeightPolicy.Choose([0.5, 0.4, 0.3], selfUid: -1, 1, 16383)); // a cap under 1/4 needs 5 uids; there are 3
    }
}
