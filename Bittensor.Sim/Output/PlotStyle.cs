using ScottPlot;
using SkiaSharp;

namespace Bittensor.Sim.Output;

/// <summary>
/// What every chart shares: the font, the colours by class and the saving. ScottPlot fails silently without its
/// font (the PNG simply has no text), so the font is checked before anything is drawn.
/// </summary>
internal static class PlotStyle
{
    /// <summary>
    /// Set explicitly: ScottPlot's default resolves to a serif face here. Debian's fonts-dejavu-core provides it
    /// (engineering-notes.md §11).
    /// </summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>
    /// Throws unless the regular and bold faces (titles and axis labels are bold) can be found, then makes the face
    /// ScottPlot's default.
    /// </summary>
    public static void EnsureFont()
    {
        // Skia falls back to some other face for an unknown family, so a match alone proves nothing: compare names.
        using var bold = SKFontManager.Default.MatchFamily(FontFamily, SKFontStyle.Bold);
        var installed = SKFontManager.Default.GetFontFamilies().Contains(FontFamily, StringComparer.Ordinal);
        if (!installed || bold is null || !string.Equals(bold.FamilyName, FontFamily, StringComparison.Ordinal) || !bold.IsBold)
            throw new InvalidOperationException(
                $"the font \"{FontFamily}\" (regular and bold) is not installed, so the charts would have no text; "
                + "install it (Debian: apt-get install fonts-dejavu-core).");
        // Elements that resolve their font before Plot.Font.Set reaches them fall back to this process-wide default,
        // which otherwise comes out serif.
        Fonts.Default = FontFamily;
    }

    /// <summary>The same colour for a class in every chart: its place in the ordinal order of all class names.</summary>
    public static Color ColorOf(IReadOnlyList<string> classes, string name)
    {
        var index = 0;
        for (; index < classes.Count && !string.Equals(classes[index], name, StringComparison.Ordinal); index++) { }
        return new ScottPlot.Palettes.Category10().GetColor(index);
    }

    /// <summary>
    /// Applies the font to everything the plot holds (so call it last) and writes the PNG; checks the font first, so
    /// that no chart, whichever public writer drew it, is saved without text.
    /// </summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        EnsureFont();
        plot.Font.Set(FontFamily);
        plot.SavePng(path, width, height);
    }
}
