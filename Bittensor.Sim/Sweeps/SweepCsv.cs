using System.Globalization;
using System.Text;

namespace Bittensor.Sim.Sweeps;

/// <summary>
/// <c>sweep.csv</c>: one row per run, in the runs' order (combination, then seed). Columns: each grid parameter (its
/// value as the grid wrote it), <c>seed</c>, every metric any run reported (ordinal order; empty where a run's value is
/// undefined or missing), then <c>wall_seconds</c>. Numbers in the invariant culture, round-trip precision, so that
/// equal runs give equal bytes in every column but the last.
/// </summary>
public static class SweepCsv
{
    /// <summary>The file's name in the output folder.</summary>
    public const string FileName = "sweep.csv";

    /// <summary>The CSV text of <paramref name="results"/>.</summary>
    public static string Format(SweepGrid grid, IReadOnlyList<SweepResult> results)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(results);
        var metrics = results.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', grid.Parameters.Select(p => Escape(p.Name)).Append("seed").Concat(metrics.Select(Escape)).Append("wall_seconds")).Append('\n');
        foreach (var result in results)
        {
            var cells = result.Job.Point.Values.Select(v => Escape(v.Label))
                .Append(result.Job.Seed.ToString(CultureInfo.InvariantCulture))
                .Concat(metrics.Select(m => result.Metrics.GetValueOrDefault(m) is { } value ? value.ToString("R", CultureInfo.InvariantCulture) : ""))
                .Append(result.WallSeconds.ToString("F3", CultureInfo.InvariantCulture));
            text.AppendJoin(',', cells).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, SweepGrid grid, IReadOnlyList<SweepResult> results) =>
        File.WriteAllText(path, Format(grid, results), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    // Class names come from scenarios and labels from the user: quote whatever would break a cell.
    private static string Escape(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
