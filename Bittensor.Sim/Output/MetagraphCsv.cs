using System.Globalization;
using System.Text;

namespace Bittensor.Sim.Output;

/// <summary>
/// Writes <c>metagraph.csv</c>: one line per <see cref="MetagraphRow"/> (epoch, then uid, as the run hands them over)
/// under the fixed header <see cref="Header"/>.
/// </summary>
/// <remarks>
/// Units and formats, chosen so that equal rows always give equal bytes:
/// <list type="bullet">
/// <item><c>stake</c> and <c>emission</c>: TAO, written from the rao integer as <c>rao / 10^9</c> with exactly nine
/// decimals by integer arithmetic, so the value is exact (one rao is the last digit) and never goes through a double.</item>
/// <item><c>consensus</c>, <c>incentive</c>, <c>dividends</c>, <c>validator_trust</c>: the chain's u16 terms as
/// fractions <c>value / 65535</c> in [0, 1] with six decimals (the u16 grid is 1.5e-5 wide, so six decimals keep every
/// step distinct).</item>
/// <item><c>true_quality</c>: a miner's latent quality in [0, 1] with six decimals; empty for a validator (NaN).</item>
/// <item><c>role</c>: <c>miner</c> or <c>validator</c>; booleans <c>true</c> / <c>false</c>.</item>
/// </list>
/// Invariant culture, <c>\n</c> line endings (the last line too), UTF-8 without a byte-order mark. A field holding a
/// comma, quote or line break (only a free-form hotkey or class could) is quoted as RFC 4180 says.
/// </remarks>
public static class MetagraphCsv
{
    /// <summary>The header line, exactly as the issue names the columns.</summary>
    public const string Header =
        "epoch,block,netuid,uid,hotkey,role,class,true_quality,stake,consensus,incentive,dividends,emission,validator_trust,validator_permit,active";

    /// <summary>The file name the run writes.</summary>
    public const string FileName = "metagraph.csv";

    private const ulong RaoPerTao = 1_000_000_000;

    /// <summary>Writes the header and every row to <paramref name="path"/>, replacing the file.</summary>
    public static void Write(string path, IEnumerable<MetagraphRow> rows)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, rows);
    }

    /// <summary>Writes the header and every row to <paramref name="writer"/>, each line ended by <c>\n</c>.</summary>
    public static void Write(TextWriter writer, IEnumerable<MetagraphRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        // Write rather than WriteLine: WriteLine follows the writer's NewLine, which is "\r\n" on Windows.
        writer.Write(Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            writer.Write(FormatRow(row));
            writer.Write('\n');
        }
    }

    /// <summary>One row as its CSV line, without the line ending.</summary>
    public static string FormatRow(MetagraphRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var inv = CultureInfo.InvariantCulture;
        return string.Join(',',
            row.Epoch.ToString(inv),
            row.Block.ToString(inv),
            row.NetUid.ToString(inv),
            row.Uid.ToString(inv),
            Field(row.Hotkey),
            RoleName(row.Role),
            Field(row.Class),
            double.IsNaN(row.TrueQuality) ? "" : row.TrueQuality.ToString("F6", inv),
            Tao(row.StakeRao),
            Fraction(row.Consensus),
            Fraction(row.Incentive),
            Fraction(row.Dividends),
            Tao(row.EmissionRao),
            Fraction(row.ValidatorTrust),
            Bool(row.ValidatorPermit),
            Bool(row.Active));
    }

    /// <summary>The lower-case name a role is written as (in the CSV, the JSON and the reports).</summary>
    public static string RoleName(PeerRole role) => role switch
    {
        PeerRole.Miner => "miner",
        PeerRole.Validator => "validator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Rao as TAO with exactly nine decimals, by integer arithmetic so that no rao is lost to rounding.</summary>
    public static string Tao(ulong rao) =>
        string.Create(CultureInfo.InvariantCulture, $"{rao / RaoPerTao}.{rao % RaoPerTao:D9}");

    /// <summary>A u16 term as the fraction <c>value / 65535</c> with six decimals.</summary>
    public static string Fraction(ushort value) => (value / (double)ushort.MaxValue).ToString("F6", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
