using System.Globalization;
using ScottPlot;

namespace Bittensor.Sim.Output;

/// <summary>
/// A sweep's result over two parameters: the mean of one metric over the seeds of each (x, y) cell.
/// </summary>
/// <param name="XName">The parameter along the horizontal axis.</param>
/// <param name="XValues">Its values, as the sweep names them, left to right.</param>
/// <param name="YName">The parameter along the vertical axis.</param>
/// <param name="YValues">Its values, bottom to top.</param>
/// <param name="Means">The metric's mean per cell, indexed <c>[y, x]</c>; NaN where no run gave a value.</param>
/// <param name="MetricName">The metric averaged, for the title and the colour bar.</param>
public sealed record HeatmapGrid(
    string XName, IReadOnlyList<string> XValues, string YName, IReadOnlyList<string> YValues, double[,] Means, string MetricName);

/// <summary>
/// Writes a sweep's <see cref="HeatmapGrid"/> as a PNG: a heatmap with a colour bar, the parameter values as tick
/// labels and each cell's value printed on it when the grid is small enough to read. When one parameter has a single
/// value the grid is a line, so it draws a line chart of the metric over the other parameter instead.
/// </summary>
public static class Heatmap
{
    /// <summary>Width of the chart in pixels.</summary>
    public const int Width = 900;

    /// <summary>Height of the chart in pixels.</summary>
    public const int Height = 700;

    // Beyond this many cells the printed values overlap; the colour bar alone carries them.
    private const int MaxLabelledCells = 144;

    /// <summary>Writes <paramref name="grid"/> to <paramref name="path"/>. Throws when the chart font is not installed.</summary>
    public static void Write(string path, HeatmapGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int ny = grid.Means.GetLength(0), nx = grid.Means.GetLength(1);
        if (nx != grid.XValues.Count || ny != grid.YValues.Count || nx == 0 || ny == 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"the means are {ny}×{nx} but there are {grid.YValues.Count} y and {grid.XValues.Count} x values (each at least one)"),
                nameof(grid));
        PlotStyle.EnsureFont();
        using var plot = new Plot();
        if (nx == 1 || ny == 1) DrawLine(plot, grid, nx, ny);
        else DrawHeatmap(plot, grid, nx, ny);
        PlotStyle.Save(plot, path, Width, Height);
    }

    private static void DrawHeatmap(Plot plot, HeatmapGrid grid, int nx, int ny)
    {
        // ScottPlot centres cell [r, c] on (c, rows − 1 − r): row 0 at the top. Flip so that y's first value sits at the
        // bottom, as on any y axis; each cell is then centred on its (x index, y index), where the tick labels go.
        var intensities = new double[ny, nx];
        for (var y = 0; y < ny; y++)
            for (var x = 0; x < nx; x++) intensities[ny - 1 - y, x] = grid.Means[y, x];
        var map = plot.Add.Heatmap(intensities);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.NaNCellColor = Colors.LightGray;
        var bar = plot.Add.ColorBar(map);
        bar.Label = "mean " + grid.MetricName;

        if (nx * ny <= MaxLabelledCells)
        {
            var range = map.GetRange();
            for (var y = 0; y < ny; y++)
                for (var x = 0; x < nx; x++)
                {
                    var value = grid.Means[y, x];
                    var text = plot.Add.Text(double.IsNaN(value) ? "–" : value.ToString("G3", CultureInfo.InvariantCulture), x, y);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 13;
                    // The first chart a process renders drew text plottables in the serif default despite Plot.Font.Set: name the face.
                    text.LabelFontName = PlotStyle.FontFamily;
                    // Viridis is dark at its low end and light at its high end: pick the legible text colour.
                    var span = range.Max - range.Min;
                    var relative = span > 0 ? (value - range.Min) / span : 0.5;
                    text.LabelFontColor = !double.IsNaN(value) && relative < 0.6 ? Colors.White : Colors.Black;
                }
        }
        plot.Axes.Bottom.TickGenerator = Ticks(grid.XValues);
        plot.Axes.Left.TickGenerator = Ticks(grid.YValues);
        plot.Axes.SetLimits(-0.5, nx - 0.5, -0.5, ny - 0.5);
        plot.Title($"Mean {grid.MetricName} over seeds");
        plot.XLabel(grid.XName);
        plot.YLabel(grid.YName);
    }

    private static void DrawLine(Plot plot, HeatmapGrid grid, int nx, int ny)
    {
        var alongX = nx >= ny;
        var labels = alongX ? grid.XValues : grid.YValues;
        var values = Enumerable.Range(0, labels.Count).Select(i => alongX ? grid.Means[0, i] : grid.Means[i, 0]).ToArray();
        var positions = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(positions, values);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        plot.Axes.Bottom.TickGenerator = Ticks(labels);
        plot.Axes.SetLimitsX(-0.5, labels.Count - 0.5);
        var fixedName = alongX ? grid.YName : grid.XName;
        var fixedValue = alongX ? grid.YValues[0] : grid.XValues[0];
        plot.Title($"Mean {grid.MetricName} over seeds ({fixedName} = {fixedValue})");
        plot.XLabel(alongX ? grid.XName : grid.YName);
        plot.YLabel("mean " + grid.MetricName);
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(IReadOnlyList<string> labels) =>
        new(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
}
