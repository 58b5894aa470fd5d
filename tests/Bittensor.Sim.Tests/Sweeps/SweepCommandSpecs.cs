using System.Globalization;
using Bittensor.Sim.Output;
using Bittensor.Sim.Tests.Output;

namespace Bittensor.Sim.Tests.Sweeps;

/// <summary>
/// The <c>sweep</c> command through the CLI: a bad scenario, grid, metric or number is named on standard error with
/// exit code 2 and nothing is run (no output folder); a tiny one-parameter sweep writes its CSV and chart.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SweepCommandSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Out => Path.Combine(_folder.Path, "out");

    private (int ExitCode, string Errors) Sweep(params string[] args)
    {
        var original = (Out: Console.Out, Error: Console.Error);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var exitCode = SimCli.Run(["sweep", "--peers", "10", "--validators", "2", "--tempo", "5", "--epochs", "2", "--out", Out, .. args]);
            return (exitCode, errors.ToString());
        }
        finally
        {
            Console.SetOut(original.Out);
            Console.SetError(original.Error);
        }
    }

    [Theory]
    [InlineData("--scenario", "nope", "unknown scenario 'nope'; known: honest")]
    [InlineData("--grid", "kapa=1", "Unknown hyperparameter 'kapa'")]
    [InlineData("--grid", "kappa=2.5", "kappa = 2.5")]
    [InlineData("--metric", "nope", "unknown metric 'nope'; known for scenario honest: dividends_per_stake.honest")]
    [InlineData("--seeds", "0", "--seeds must lie in [1, 10000]")]
    [InlineData("--queries", "ten", "'ten'")]
    [InlineData("--parallel", "0", "--parallel must lie in [1, 1024]")]
    [InlineData("--set", "kappa=1", "kappa is also swept by --grid")]
    [InlineData("--set", "alpha_high=1000", "AlphaLow (45875) must not exceed AlphaHigh")]
    public void A_bad_argument_should_exit_2_naming_the_problem_and_run_nothing(string option, string value, string problem)
    {
        var args = option == "--grid" ? new[] { "--grid", value } : ["--grid", "kappa=0.3,0.5", option, value];

        var (exitCode, errors) = Sweep(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(problem, errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_missing_grid_should_exit_2_with_an_example()
    {
        var (exitCode, errors) = Sweep();

        Assert.Equal(2, exitCode);
        Assert.Contains("--grid: is required", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_parameter_sweep_should_write_its_csv_and_chart()
    {
        var (exitCode, errors) = Sweep("--grid", "kappa=0.3,0.7", "--seeds", "2", "--quiet");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(Out, "sweep.csv")).Length);
        Png.AssertValid(Path.Combine(Out, "heatmap.png"), Heatmap.Width, Heatmap.Height);
    }
}
