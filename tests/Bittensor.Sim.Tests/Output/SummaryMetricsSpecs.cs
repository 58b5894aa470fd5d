using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>The experiment's metrics over <see cref="OutputSamples"/>, each worked out by hand.</summary>
public sealed class SummaryMetricsSpecs
{
    private readonly SummaryMetrics _metrics = SummaryMetrics.Compute(OutputSamples.Run());

    [Fact]
    public void Point_in_time_metrics_should_read_the_last_epoch() => Assert.Equal(1, _metrics.LastEpoch);

    [Fact]
    public void Spearman_should_rank_miners_quality_against_incentive_with_ties()
    {
        // Quality [0.9, 0.5, 0.1, 0.5] ranks [4, 2.5, 1, 2.5]; incentive [30000, 20000, 0, 15535] ranks [4, 3, 1, 2].
        Assert.Equal(3 / Math.Sqrt(10), _metrics.SpearmanQualityIncentive!.Value, 12);
    }

    [Fact]
    public void Emission_share_should_cover_the_whole_run_by_class()
    {
        // Over both epochs: honest 2+1+1+0 + 3+2+1+1 = 11 TAO, copier 1+1 = 2, lazy 1+0 = 1, of 14.
        Assert.Equal(["copier", "honest", "lazy"], _metrics.EmissionShareByClass.Keys);
        Assert.Equal(2.0 / 14, _metrics.EmissionShareByClass["copier"]!.Value, 12);
        Assert.Equal(11.0 / 14, _metrics.EmissionShareByClass["honest"]!.Value, 12);
        Assert.Equal(1.0 / 14, _metrics.EmissionShareByClass["lazy"]!.Value, 12);
    }

    [Fact]
    public void Dividends_per_stake_should_divide_validators_emission_by_initial_stake()
    {
        // Honest: 2 + 3 TAO over 1000 TAO staked; copier: 1 + 1 TAO over 500. Miners' classes do not appear.
        Assert.Equal(["copier", "honest"], _metrics.DividendsPerStakeByClass.Keys);
        Assert.Equal(0.005, _metrics.DividendsPerStakeByClass["honest"]!.Value, 12);
        Assert.Equal(0.004, _metrics.DividendsPerStakeByClass["copier"]!.Value, 12);
    }

    [Fact]
    public void Gini_should_be_of_the_last_epochs_miner_emissions() =>
        Assert.Equal(0.375, _metrics.MinerEmissionGini!.Value, 12); // [2, 1, 0, 1] TAO

    [Fact]
    public void Mean_validator_trust_should_count_only_validators_with_a_permit() =>
        Assert.Equal(49151 / 65535.0, _metrics.MeanValidatorTrust!.Value, 12); // the copier lost its permit at epoch 1

    [Fact]
    public void Undefined_metrics_should_be_null_rather_than_nan()
    {
        var flat = OutputSamples.Rows.Select(r => r with { Incentive = 0, EmissionRao = 0, ValidatorPermit = false }).ToList();
        var metrics = SummaryMetrics.Compute(OutputSamples.Run() with { Rows = flat });

        Assert.Null(metrics.SpearmanQualityIncentive);
        Assert.Null(metrics.MinerEmissionGini);
        Assert.Null(metrics.MeanValidatorTrust);
        Assert.All(metrics.EmissionShareByClass.Values, Assert.Null);
        Assert.Equal(0.0, metrics.DividendsPerStakeByClass["honest"]);
    }

    [Fact]
    public void A_run_without_rows_should_have_no_last_epoch()
    {
        var metrics = SummaryMetrics.Compute(OutputSamples.Run() with { Rows = [] });

        Assert.Null(metrics.LastEpoch);
        Assert.Null(metrics.SpearmanQualityIncentive);
        Assert.Empty(metrics.EmissionShareByClass);
    }

    [Fact]
    public void Flatten_should_name_every_metric_once()
    {
        Assert.Equal(
            [
                "spearman_quality_incentive", "emission_share.copier", "emission_share.honest", "emission_share.lazy",
                "dividends_per_stake.copier", "dividends_per_stake.honest", "miner_emission_gini", "mean_validator_trust",
            ],
            _metrics.Flatten().Select(p => p.Key));
    }
}
