using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>Spearman with average ranks for ties, and the Gini coefficient, against values worked out by hand.</summary>
public sealed class StatisticsSpecs
{
    [Fact]
    public void AverageRanks_should_share_the_mean_rank_among_ties()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], Statistics.AverageRanks([5, 7, 7, 9]));
        Assert.Equal([4.0, 2.0, 2.0, 2.0], Statistics.AverageRanks([9, 1, 1, 1]));
    }

    [Fact]
    public void Spearman_should_use_average_ranks_when_values_tie()
    {
        // Ranks [1, 2.5, 2.5, 4] against [1, 3, 2, 4]: covariance 4.5, variances 4.5 and 5, so ρ = 4.5 / √22.5 = 3 / √10.
        var rho = Statistics.Spearman([1, 2, 2, 3], [1, 3, 2, 4]);

        Assert.NotNull(rho);
        Assert.Equal(3 / Math.Sqrt(10), rho.Value, 12);
    }

    [Fact]
    public void Spearman_should_be_one_for_any_increasing_relation_and_minus_one_for_a_decreasing_one()
    {
        Assert.Equal(1.0, Statistics.Spearman([0.1, 0.2, 0.3, 0.9], [1, 4, 9, 1000]));
        Assert.Equal(-1.0, Statistics.Spearman([0.1, 0.2, 0.3], [3, 2, 1]));
    }

    [Fact]
    public void Spearman_should_be_undefined_when_a_sample_is_constant_or_too_short()
    {
        Assert.Null(Statistics.Spearman([0.1, 0.5, 0.9], [0, 0, 0]));
        Assert.Null(Statistics.Spearman([0.5], [1]));
        Assert.Null(Statistics.Spearman([], []));
    }

    [Fact]
    public void Gini_should_match_hand_computed_values()
    {
        Assert.Equal(2.0 / 3.0, Statistics.Gini([0, 0, 1])!.Value, 12);
        Assert.Equal(0.0, Statistics.Gini([3, 3, 3])!.Value, 12);
        // Pairwise: Σ|xᵢ − xⱼ| = 12 over ordered pairs, 2 n² mean = 32.
        Assert.Equal(0.375, Statistics.Gini([2, 1, 0, 1])!.Value, 12);
    }

    [Fact]
    public void Gini_should_be_undefined_when_nothing_is_distributed()
    {
        Assert.Null(Statistics.Gini([0, 0, 0]));
        Assert.Null(Statistics.Gini([]));
    }

    [Fact]
    public void Gini_should_reject_negative_amounts() => Assert.Throws<ArgumentException>(() => Statistics.Gini([1, -1]));
}
