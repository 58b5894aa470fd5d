using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Bittensor.Sim.Output;

/// <summary>
/// The table a finished run prints: the <see cref="TopMiners"/> miners of the last epoch by incentive (uid, class,
/// quality, incentive, emission) and every validator (uid, class, stake, dividends, validator trust, permit). A Spectre
/// table on an interactive terminal; plain, space-aligned lines when asked to be quiet or when output is redirected, so
/// that logs and pipes get text without escape codes.
/// </summary>
/// <remarks>
/// Units as in <see cref="MetagraphCsv"/>: stake and emission in TAO (nine decimals), incentive, dividends and
/// validator trust as fractions of 1. Miners with equal incentive are ordered by uid.
/// </remarks>
public static class ConsoleReport
{
    /// <summary>How many miners the report lists.</summary>
    public const int TopMiners = 10;

    private static readonly string[] MinerColumns = ["uid", "class", "quality", "incentive", "emission_tao"];
    private static readonly string[] ValidatorColumns = ["uid", "class", "stake_tao", "dividends", "validator_trust", "permit"];

    // Text columns are left-aligned, numbers right-aligned, in both modes.
    private static readonly bool[] MinerRight = [true, false, true, true, true];
    private static readonly bool[] ValidatorRight = [true, false, true, true, true, false];

    /// <summary>
    /// Prints the report to the process's console: plain lines when <paramref name="quiet"/> or when standard output is
    /// redirected, Spectre tables otherwise.
    /// </summary>
    public static void Write(SimulationRun run, bool quiet)
    {
        if (quiet || Console.IsOutputRedirected) WritePlain(run, Console.Out);
        else WriteTables(run, AnsiConsole.Console);
    }

    /// <summary>The report as plain lines, columns separated by at least two spaces, each line ended by <c>\n</c>.</summary>
    public static void WritePlain(SimulationRun run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var (epoch, miners, validators) = Collect(run);
        writer.Write(MinerTitle(epoch, miners.Count) + "\n");
        WriteAligned(writer, MinerColumns, MinerRight, miners);
        writer.Write(ValidatorTitle(epoch) + "\n");
        WriteAligned(writer, ValidatorColumns, ValidatorRight, validators);
    }

    /// <summary>The report as two Spectre tables on <paramref name="console"/>.</summary>
    public static void WriteTables(SimulationRun run, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var (epoch, miners, validators) = Collect(run);
        console.Write(Table(MinerTitle(epoch, miners.Count), MinerColumns, MinerRight, miners));
        console.Write(Table(ValidatorTitle(epoch), ValidatorColumns, ValidatorRight, validators));
    }

    private static (int? Epoch, List<string[]> Miners, List<string[]> Validators) Collect(SimulationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var inv = CultureInfo.InvariantCulture;
        int? epoch = run.Rows.Count == 0 ? null : run.Rows.Max(r => r.Epoch);
        var last = run.Rows.Where(r => r.Epoch == epoch).ToList();
        var miners = last.Where(r => r.Role == PeerRole.Miner)
            .OrderByDescending(r => r.Incentive).ThenBy(r => r.Uid)
            .Take(TopMiners)
            .Select(r => new[]
            {
                r.Uid.ToString(inv), r.Class, double.IsNaN(r.TrueQuality) ? "" : r.TrueQuality.ToString("F3", inv),
                MetagraphCsv.Fraction(r.Incentive), MetagraphCsv.Tao(r.EmissionRao),
            })
            .ToList();
        var validators = last.Where(r => r.Role == PeerRole.Validator)
            .OrderBy(r => r.Uid)
            .Select(r => new[]
            {
                r.Uid.ToString(inv), r.Class, MetagraphCsv.Tao(r.StakeRao), MetagraphCsv.Fraction(r.Dividends),
                MetagraphCsv.Fraction(r.ValidatorTrust), r.ValidatorPermit ? "yes" : "no",
            })
            .ToList();
        return (epoch, miners, validators);
    }

    private static string EpochText(int? epoch) => epoch?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string MinerTitle(int? epoch, int count) =>
        $"Top {count.ToString(CultureInfo.InvariantCulture)} miners by incentive (epoch {EpochText(epoch)})";

    private static string ValidatorTitle(int? epoch) => $"Validators (epoch {EpochText(epoch)})";

    private static void WriteAligned(TextWriter writer, string[] header, bool[] right, List<string[]> rows)
    {
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        foreach (var cells in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var c = 0; c < cells.Length; c++)
            {
                if (c > 0) line.Append("  ");
                line.Append(right[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
            }
            writer.Write(line.ToString().TrimEnd() + "\n");
        }
    }

    private static Table Table(string title, string[] header, bool[] right, List<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        for (var c = 0; c < header.Length; c++)
        {
            var column = new TableColumn(Markup.Escape(header[c]));
            table.AddColumn(right[c] ? column.RightAligned() : column.LeftAligned());
        }
        // Text, not markup: a class name with brackets must print as written.
        foreach (var cells in rows) table.AddRow(cells.Select(cell => new Text(cell)));
        return table;
    }
}
