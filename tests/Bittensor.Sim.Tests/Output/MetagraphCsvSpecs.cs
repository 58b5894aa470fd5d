using System.Text;
using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>
/// metagraph.csv: the issue's header, TAO with nine exact decimals, u16 terms as fractions of 65535, empty quality for
/// validators, and the same bytes for the same rows.
/// </summary>
public sealed class MetagraphCsvSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Header_should_be_the_issues_columns_in_order()
    {
        var writer = new StringWriter();
        MetagraphCsv.Write(writer, []);

        Assert.Equal(
            "epoch,block,netuid,uid,hotkey,role,class,true_quality,stake,consensus,incentive,dividends,emission,validator_trust,validator_permit,active\n",
            writer.ToString());
    }

    [Fact]
    public void A_miners_row_should_be_written_exactly()
    {
        var row = OutputSamples.Rows.Single(r => r is { Epoch: 1, Uid: 2 });

        Assert.Equal("1,720,1,2,hk-m2,miner,honest,0.900000,0.000000000,0.500008,0.457771,0.000000,2.000000000,0.000000,false,true", MetagraphCsv.FormatRow(row));
    }

    [Fact]
    public void A_validators_row_should_have_an_empty_quality_and_stake_to_the_rao()
    {
        var row = OutputSamples.Rows.Single(r => r is { Epoch: 1, Uid: 0 });

        Assert.Equal("1,720,1,0,hk-v0,validator,honest,,1000.123456789,0.000000,0.000000,0.610361,3.000000000,0.749996,true,true", MetagraphCsv.FormatRow(row));
    }

    [Theory]
    [InlineData(0UL, "0.000000000")]
    [InlineData(1UL, "0.000000001")]
    [InlineData(1_000_000_000UL, "1.000000000")]
    [InlineData(ulong.MaxValue, "18446744073.709551615")]
    public void Tao_should_be_exact_to_the_rao(ulong rao, string expected) => Assert.Equal(expected, MetagraphCsv.Tao(rao));

    [Fact]
    public void A_class_with_a_comma_should_be_quoted()
    {
        var row = OutputSamples.Rows[2] with { Class = "lazy, \"slow\"" };

        Assert.Contains(",miner,\"lazy, \"\"slow\"\"\",0.900000,", MetagraphCsv.FormatRow(row), StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_should_be_byte_identical_for_the_same_run_with_lf_endings_and_no_bom()
    {
        var first = _folder.File("first.csv").FullName;
        var second = _folder.File("second.csv").FullName;

        MetagraphCsv.Write(first, OutputSamples.Run(wallSeconds: 1).Rows);
        MetagraphCsv.Write(second, OutputSamples.Run(wallSeconds: 99).Rows);

        var bytes = File.ReadAllBytes(first);
        Assert.Equal(bytes, File.ReadAllBytes(second));
        Assert.Equal((byte)'e', bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(1 + OutputSamples.Rows.Length, text.Count(c => c == '\n'));
    }
}
