using Bittensor.Sim.Output;
using Spectre.Console;

namespace Bittensor.Sim.Tests.Output;

/// <summary>The final report in plain mode (quiet or redirected), line for line, and in Spectre mode.</summary>
public sealed class ConsoleReportSpecs
{
    [Fact]
    public void Plain_report_should_list_top_miners_by_incentive_and_every_validator_aligned()
    {
        var writer = new StringWriter();

        ConsoleReport.WritePlain(OutputSamples.Run(), writer);

        Assert.Equal(
            """
            Top 4 miners by incentive (epoch 1)
            uid  class   quality  incentive  emission_tao
              2  honest    0.900   0.457771   2.000000000
              3  honest    0.500   0.305180   1.000000000
              5  honest    0.500   0.237049   1.000000000
              4  lazy      0.100   0.000000   0.000000000
            Validators (epoch 1)
            uid  class        stake_tao  dividends  validator_trust  permit
              0  honest  1000.123456789   0.610361         0.749996  yes
              1  copier   500.000000000   0.389639         0.250004  no

            """.ReplaceLineEndings("\n"),
            writer.ToString());
    }

    [Fact]
    public void Plain_report_should_list_at_most_ten_miners()
    {
        var rows = Enumerable.Range(0, 15)
            .Select(i => OutputSamples.Rows[8] with { Uid = (ushort)(10 + i), Incentive = (ushort)(1000 * i) })
            .ToArray();
        var writer = new StringWriter();

        ConsoleReport.WritePlain(OutputSamples.Run() with { Rows = rows }, writer);

        var lines = writer.ToString().Split('\n');
        Assert.Equal("Top 10 miners by incentive (epoch 1)", lines[0]);
        Assert.StartsWith(" 24  ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith(" 15  ", lines[11], StringComparison.Ordinal);
        Assert.Equal("Validators (epoch 1)", lines[12]);
    }

    [Fact]
    public void Table_report_should_name_the_columns_and_the_peers()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;

        ConsoleReport.WriteTables(OutputSamples.Run(), console);

        var text = output.ToString();
        Assert.Contains("Top 4 miners by incentive (epoch 1)", text, StringComparison.Ordinal);
        Assert.Contains("validator_trust", text, StringComparison.Ordinal);
        Assert.Contains("1000.123456789", text, StringComparison.Ordinal);
        Assert.Contains("0.457771", text, StringComparison.Ordinal);
    }
}
