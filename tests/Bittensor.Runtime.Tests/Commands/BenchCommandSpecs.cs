using Bittensor.Runtime.Bench;

namespace Bittensor.Runtime.Tests.Commands;

/// <summary>
/// <c>bench failover</c>'s refusals of bad options, through the CLI's entry point (no process starts), and the format
/// of the figure lines scripts parse.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandSpecs
{
    [Theory]
    [InlineData("--nodes", "2")]
    [InlineData("--repeats", "0")]
    [InlineData("--block-time", "soon")]
    [InlineData("--block-time", "5ms")]
    public void Bench_failover_should_refuse_a_bad_option_with_exit_code_2_and_name_it(string option, string value)
    {
        var result = RuntimeCli.Run("bench", "failover", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("failover ", result.Output, StringComparison.Ordinal);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failover_figure_should_print_the_median_and_the_extremes_of_its_repeats_in_seconds()
    {
        var figure = new FailoverFigure("kill_to_block", 3, TimeSpan.FromMilliseconds(200),
            [TimeSpan.FromSeconds(9.5), TimeSpan.FromSeconds(7.25), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8.5)]);
        Assert.Equal("failover figure=kill_to_block nodes=3 block_ms=200 repeats=4 median_s=8.25 min_s=7.25 max_s=9.50", figure.ToLine());
    }
}
