using System.Globalization;
using System.Text.RegularExpressions;

namespace Bittensor.Sim.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class BenchCommandSpecs
{
    [Fact]
    public void Bench_epoch_should_print_one_timing_line_per_variant_when_given_one_subnet_size()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "epoch", "--uids", "64", "--validators", "8", "--iterations", "3"));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // One line per variant (Yuma, and Yuma3 with liquid alpha) for the single size: scripts parse these lines.
        Assert.Equal(2, lines.Length);
        var variants = new List<string>();
        foreach (var line in lines)
        {
            var match = TimingLine().Match(line);
            Assert.True(match.Success, $"not a timing line: {line}");
            variants.Add(match.Groups["variant"].Value);
            var median = double.Parse(match.Groups["median"].Value, CultureInfo.InvariantCulture);
            var p90 = double.Parse(match.Groups["p90"].Value, CultureInfo.InvariantCulture);
            Assert.True(median > 0 && p90 >= median, $"median {median} µs and p90 {p90} µs are not ordered timings");
        }
        Assert.Equal(2, variants.Distinct().Count());
    }

    [Fact]
    public void Bench_epoch_should_print_every_phase_of_the_epoch_when_asked_for_phases()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "epoch", "--uids", "64", "--validators", "8", "--iterations", "3", "--variant", "yuma", "--phases"));

        Assert.Equal(0, exitCode);
        var phases = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Single(line => line.StartsWith("phases ", StringComparison.Ordinal));
        foreach (var phase in Enum.GetNames<Bittensor.Consensus.EpochPhase>())
            Assert.Matches($@"\b{phase}_us=\d+\.\d\b", phases);
    }

    [Fact]
    public void Bench_epoch_should_refuse_an_unknown_variant_and_name_the_known_ones()
    {
        var original = Console.Error;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetError(errors);
        try
        {
            var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "epoch", "--uids", "64", "--validators", "8", "--variant", "yuma4"));
            Assert.NotEqual(0, exitCode);
            Assert.DoesNotContain("median_us", output, StringComparison.Ordinal);
            Assert.Contains("yuma4", errors.ToString(), StringComparison.Ordinal);
            Assert.Contains("yuma3-liquid-alpha", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public void Bench_epoch_should_refuse_the_sizes_when_a_subnet_is_smaller_than_its_validator_count()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "epoch", "--uids", "4", "--validators", "8", "--iterations", "3"));

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("median_us", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_ledger_should_print_the_set_weights_throughput_the_block_time_and_the_persisted_throughput_as_metric_lines()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "ledger", "--iterations", "3", "--seconds", "0.05"));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
            Assert.Matches(@"^ledger metric=\S+ value=\d+(\.\d+)? unit=\S+$", line);
        var metrics = lines.Select(line => MetricLine().Match(line)).ToDictionary(m => m.Groups["metric"].Value, m => (Value: double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture), Unit: m.Groups["unit"].Value));
        Assert.Equal(["block_with_epoch_256_uids", "persisted_commands_per_second", "set_weights_per_second"], metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("commands/s", metrics["set_weights_per_second"].Unit);
        Assert.Equal("commands/s", metrics["persisted_commands_per_second"].Unit);
        Assert.Equal("us", metrics["block_with_epoch_256_uids"].Unit);
        Assert.All(metrics.Values, metric => Assert.True(metric.Value > 0, $"a timing of {metric.Value} {metric.Unit}"));
    }

    [Fact]
    public void Bench_sim_should_print_one_line_per_node_count_and_refuse_bad_options()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "sim", "--peers", "6", "--validators", "2", "--tempo", "3", "--epochs", "2", "--nodes", "1", "2"));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^sim fidelity=economic peers=6 validators=2 nodes=1 queries=16 tempo=3 epochs=2 blocks=6 wall_seconds=\d+\.\d+ blocks_per_second=\d+$", lines[0]);
        Assert.StartsWith("sim fidelity=economic peers=6 validators=2 nodes=2 ", lines[1], StringComparison.Ordinal);

        var original = Console.Error;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetError(errors);
        try
        {
            Assert.Equal(2, CaptureConsole(() => SimCli.Run("bench", "sim", "--validators", "0")).Item1);
            Assert.Equal(2, CaptureConsole(() => SimCli.Run("bench", "sim", "--fidelity", "exact")).Item1);
            Assert.Contains("--validators", errors.ToString(), StringComparison.Ordinal);
            Assert.Contains("--fidelity", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Theory]
    [InlineData("--iterations", "0")]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "-1")]
    public void Bench_ledger_should_refuse_a_measurement_of_nothing_with_exit_code_2(string option, string value)
    {
        var original = Console.Error;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetError(errors);
        try
        {
            var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "ledger", option, value));
            Assert.Equal(2, exitCode);
            Assert.DoesNotContain("ledger metric=", output, StringComparison.Ordinal);
            Assert.Contains(option, errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public void Bench_transport_should_print_one_line_per_size_and_the_small_message_rate_over_loopback_remoting()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "transport", "--sizes", "1024", "65536", "--iterations", "5", "--seconds", "0.2"));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        var sizes = new List<int>();
        foreach (var line in lines.Take(2))
        {
            var match = TransportLine().Match(line);
            Assert.True(match.Success, $"not a transport size line: {line}");
            sizes.Add(int.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture));
            foreach (var figure in new[] { "median", "mb", "tcp" })
            {
                var value = double.Parse(match.Groups[figure].Value, CultureInfo.InvariantCulture);
                Assert.True(value > 0, $"{figure} is {value} in {line}");
            }
        }
        Assert.Equal([1024, 65536], sizes);
        var small = SmallMessagesLine().Match(lines[2]);
        Assert.True(small.Success, $"not a small-message line: {lines[2]}");
        Assert.True(double.Parse(small.Groups["rate"].Value, CultureInfo.InvariantCulture) > 0, lines[2]);
    }

    [Theory]
    [InlineData("--sizes", "0")]
    [InlineData("--sizes", "1023")]
    [InlineData("--sizes", "134217728")]
    [InlineData("--iterations", "0")]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "-1")]
    public void Bench_transport_should_refuse_a_bad_option_with_exit_code_2_and_name_it(string option, string value)
    {
        var original = Console.Error;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetError(errors);
        try
        {
            var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "transport", option, value));
            Assert.Equal(2, exitCode);
            Assert.DoesNotContain("transport ", output, StringComparison.Ordinal);
            Assert.Contains(option, errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public void Bench_validator_step_should_print_the_forward_passes_the_in_process_and_the_remote_step_and_their_overhead()
    {
        var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "validator-step", "--miners", "2", "--iterations", "3", "--device", "cpu"));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        var modes = new List<string>();
        foreach (var line in lines.Take(3))
        {
            var match = ValidatorStepLine().Match(line);
            Assert.True(match.Success, $"not a validator step line: {line}");
            modes.Add(match.Groups["mode"].Value);
            var median = double.Parse(match.Groups["median"].Value, CultureInfo.InvariantCulture);
            var p90 = double.Parse(match.Groups["p90"].Value, CultureInfo.InvariantCulture);
            Assert.True(median > 0 && p90 >= median, $"median {median} µs and p90 {p90} µs are not ordered timings");
        }
        Assert.Equal(["forward_only", "in_process", "remote"], modes);
        var overhead = ValidatorStepOverheadLine().Match(lines[3]);
        Assert.True(overhead.Success, $"not an overhead line: {lines[3]}");
        foreach (var figure in new[] { "in_process", "remote", "threads" })
        {
            var value = double.Parse(overhead.Groups[figure].Value, CultureInfo.InvariantCulture);
            Assert.True(value > 0, $"{figure} is {value} in {lines[3]}");
        }
    }

    [Theory]
    [InlineData("--miners", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--iterations", "0")]
    [InlineData("--device", "tpu")]
    public void Bench_validator_step_should_refuse_a_bad_option_with_exit_code_2_and_name_it(string option, string value)
    {
        var original = Console.Error;
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetError(errors);
        try
        {
            var (exitCode, output) = CaptureConsole(() => SimCli.Run("bench", "validator-step", option, value));
            Assert.Equal(2, exitCode);
            Assert.DoesNotContain("validator_step ", output, StringComparison.Ordinal);
            Assert.Contains(option, errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(original);
        }
    }

    private static (int ExitCode, string Output) CaptureConsole(Func<int> run)
    {
        var original = Console.Out;
        using var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            return (run(), captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [GeneratedRegex(@"^epoch variant=(?<variant>\S+) uids=64 validators=8 median_us=(?<median>\d+\.\d) p90_us=(?<p90>\d+\.\d) touch_us=\d+\.\d( \S+=\S+)*$")]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"^ledger metric=(?<metric>\S+) value=(?<value>\d+(\.\d+)?) unit=(?<unit>\S+)$")]
    private static partial Regex MetricLine();

    [GeneratedRegex(@"^transport size=(?<size>\d+) median_us=(?<median>\d+\.\d) mb_per_s=(?<mb>\d+\.\d) tcp_mb_per_s=(?<tcp>\d+\.\d)$")]
    private static partial Regex TransportLine();

    [GeneratedRegex(@"^transport small_messages_per_s=(?<rate>\d+(\.\d+)?) size=\d+$")]
    private static partial Regex SmallMessagesLine();

    [GeneratedRegex(@"^validator_step mode=(?<mode>\S+) miners=2 batch=2 median_us=(?<median>\d+\.\d) p90_us=(?<p90>\d+\.\d)$")]
    private static partial Regex ValidatorStepLine();

    [GeneratedRegex(@"^validator_step overhead in_process=(?<in_process>\d+\.\d)x remote=(?<remote>\d+\.\d)x threads=(?<threads>\d+)$")]
    private static partial Regex ValidatorStepOverheadLine();
}
