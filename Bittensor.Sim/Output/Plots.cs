using System.Globalization;
using ScottPlot;

namespace Bittensor.Sim.Output;

/// <summary>
/// Writes the run's charts into a <c>plots/</c> folder, each a <see cref="Width"/> × <see cref="Height"/> PNG with a
/// title, axis labels with units and a legend: <see cref="EmissionShareFile"/> (each class's share of every epoch's
/// emission), <see cref="IncentiveVsQualityFile"/> (miners' incentive against true quality at the last epoch) and
/// <see cref="DividendsPerStakeFile"/> (validators' dividends per TAO staked, by class).
/// </summary>
public static class Plots
{
    /// <summary>The folder the charts go into, under the run's output folder.</summary>
    public const string FolderName = "plots";

    /// <summary>Lines over epochs, one per class.</summary>
    public const string EmissionShareFile = "emission_share_by_class.png";

    /// <summary>Scatter of miners at the last epoch, coloured by class.</summary>
    public const string IncentiveVsQualityFile = "incentive_vs_quality.png";

    /// <summary>Bars, one per validator class.</summary>
    public const string DividendsPerStakeFile = "dividends_per_stake_by_class.png";

    /// <summary>Width of every chart in pixels.</summary>
    public const int Width = 1000;

    /// <summary>Height of every chart in pixels.</summary>
    public const int Height = 600;

    /// <summary>
    /// Writes the three charts into <paramref name="folder"/> (created if missing) and returns their paths in the order
    /// above. Throws <see cref="InvalidOperationException"/> when the chart font is not installed.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string folder, SimulationRun run, SummaryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        PlotStyle.EnsureFont();
        Directory.CreateDirectory(folder);
        var classes = run.Peers.Select(p => p.Class).Concat(run.Rows.Select(r => r.Class)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var paths = new[]
        {
            Path.Combine(folder, EmissionShareFile), Path.Combine(folder, IncentiveVsQualityFile), Path.Combine(folder, DividendsPerStakeFile),
        };
        WriteEmissionShare(paths[0], run, classes);
        WriteIncentiveVsQuality(paths[1], run, classes, metrics);
        WriteDividendsPerStake(paths[2], metrics, classes);
        return paths;
    }

    /// <summary>Each class's share (in percent) of each epoch's total emission, one line per class.</summary>
    public static void WriteEmissionShare(string path, SimulationRun run, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var plot = new Plot();
        var epochs = run.Rows.GroupBy(r => r.Epoch).OrderBy(g => g.Key).Select(g => (Epoch: g.Key, Shares: SummaryMetrics.EmissionShares(g))).ToList();
        foreach (var name in classes)
        {
            var points = epochs.Where(e => e.Shares.GetValueOrDefault(name) is not null).Select(e => (X: (double)e.Epoch, Y: 100.0 * e.Shares[name]!.Value)).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), PlotStyle.ColorOf(classes, name));
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        plot.Title("Emission share by class");
        plot.XLabel("epoch");
        plot.YLabel("share of the epoch's emission (%)");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path, Width, Height);
    }

    /// <summary>Miners at the last epoch: incentive (fraction of 1) against true quality, one colour per class.</summary>
    public static void WriteIncentiveVsQuality(string path, SimulationRun run, IReadOnlyList<string> classes, SummaryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        using var plot = new Plot();
        var miners = run.Rows.Where(r => r.Epoch == metrics.LastEpoch && r.Role == PeerRole.Miner).ToList();
        foreach (var name in classes)
        {
            var ofClass = miners.Where(m => string.Equals(m.Class, name, StringComparison.Ordinal)).OrderBy(m => m.Uid).ToList();
            if (ofClass.Count == 0) continue;
            var points = plot.Add.ScatterPoints(
                ofClass.Select(m => m.TrueQuality).ToArray(), ofClass.Select(m => m.Incentive / (double)ushort.MaxValue).ToArray(), PlotStyle.ColorOf(classes, name));
            points.LegendText = name;
            points.MarkerSize = 8;
        }
        var rho = metrics.SpearmanQualityIncentive is { } r ? r.ToString("F3", CultureInfo.InvariantCulture) : "undefined";
        plot.Title($"Miner incentive against true quality (epoch {metrics.LastEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none"}, Spearman ρ = {rho})");
        plot.XLabel("true quality (0–1)");
        plot.YLabel("incentive (fraction of the subnet's, 0–1)");
        plot.Axes.SetLimitsX(-0.02, 1.02);
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path, Width, Height);
    }

    /// <summary>
    /// One bar per validator class: TAO of dividends emitted over the run per TAO of initial stake (see
    /// <see cref="SummaryMetrics.DividendsPerStakeByClass"/>); a class with no stake is labelled "no stake" at zero.
    /// </summary>
    public static void WriteDividendsPerStake(string path, SummaryMetrics metrics, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var plot = new Plot();
        var entries = metrics.DividendsPerStakeByClass.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var bars = entries.Select((entry, i) => new Bar
        {
            Position = i,
            Value = entry.Value ?? 0,
            FillColor = PlotStyle.ColorOf(classes, entry.Key),
            Label = entry.Value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "no stake",
        }).ToArray();
        if (bars.Length > 0)
        {
            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 14;
            barPlot.ValueLabelStyle.FontName = PlotStyle.FontFamily;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, entries.Count).Select(i => (double)i).ToArray(), entries.Select(e => e.Key).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title("Validator dividends per unit of stake, by class (whole run)");
        plot.XLabel("validator class");
        plot.YLabel("dividends (TAO) per TAO of initial stake");
        PlotStyle.Save(plot, path, Width, Height);
    }
}
