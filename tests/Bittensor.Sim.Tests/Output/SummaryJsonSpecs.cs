using System.Text.Json;
using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>summary.json: its keys in a fixed order, the run's numbers, peers by role and class, and null for undefined metrics.</summary>
public sealed class SummaryJsonSpecs
{
    private static JsonElement Parse(SimulationRun run) =>
        JsonDocument.Parse(SummaryJson.ToJson(run, SummaryMetrics.Compute(run))).RootElement;

    [Fact]
    public void Top_level_keys_should_come_in_the_documented_order()
    {
        var root = Parse(OutputSamples.Run());

        Assert.Equal(
            ["arguments", "hyperparameters", "seed", "wall_seconds", "blocks_per_second", "blocks", "peers", "metrics"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["last_epoch", "spearman_quality_incentive", "emission_share_by_class", "dividends_per_stake_by_class", "miner_emission_gini", "mean_validator_trust"],
            root.GetProperty("metrics").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void It_should_carry_the_runs_arguments_numbers_and_metrics()
    {
        var root = Parse(OutputSamples.Run(wallSeconds: 2.0));

        Assert.Equal(["epochs", "peers", "scenario", "tempo"], root.GetProperty("arguments").EnumerateObject().Select(p => p.Name));
        Assert.Equal("copier", root.GetProperty("arguments").GetProperty("scenario").GetString());
        Assert.Equal("32767", root.GetProperty("hyperparameters").GetProperty("kappa").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(720UL, root.GetProperty("blocks").GetUInt64());
        Assert.Equal(2.0, root.GetProperty("wall_seconds").GetDouble());
        Assert.Equal(360.0, root.GetProperty("blocks_per_second").GetDouble());
        var metrics = root.GetProperty("metrics");
        Assert.Equal(3 / Math.Sqrt(10), metrics.GetProperty("spearman_quality_incentive").GetDouble(), 12);
        Assert.Equal(0.004, metrics.GetProperty("dividends_per_stake_by_class").GetProperty("copier").GetDouble(), 12);
    }

    [Fact]
    public void Peers_should_be_counted_by_role_and_class()
    {
        var peers = Parse(OutputSamples.Run()).GetProperty("peers");

        Assert.Equal(6, peers.GetProperty("total").GetInt32());
        Assert.Equal(3, peers.GetProperty("miner").GetProperty("honest").GetInt32());
        Assert.Equal(1, peers.GetProperty("miner").GetProperty("lazy").GetInt32());
        Assert.Equal(1, peers.GetProperty("validator").GetProperty("copier").GetInt32());
    }

    [Fact]
    public void Undefined_metrics_should_be_written_as_null()
    {
        var run = OutputSamples.Run() with { Rows = [.. OutputSamples.Rows.Select(r => r with { Incentive = 0 })] };

        Assert.Equal(JsonValueKind.Null, Parse(run).GetProperty("metrics").GetProperty("spearman_quality_incentive").ValueKind);
    }

    [Fact]
    public void Equal_runs_should_give_equal_text_with_lf_endings()
    {
        var run = OutputSamples.Run();
        var first = SummaryJson.ToUtf8(run, SummaryMetrics.Compute(run));

        Assert.Equal(first, SummaryJson.ToUtf8(run, SummaryMetrics.Compute(run)));
        Assert.DoesNotContain((byte)'\r', first);
        Assert.Equal((byte)'{', first[0]);
    }
}
