using System.Globalization;
using Spectre.Console;

namespace Bittensor.Sim.Output;

/// <summary>
/// Shows how far a run has got. On an interactive terminal a Spectre progress bar (blocks done of all, the epoch,
/// time left); otherwise one plain line per epoch, since Spectre's bar prints nothing when output is redirected; with
/// quiet nothing at all. Dispose it when the run ends, before printing anything else: the bar owns the terminal while
/// it is shown.
/// </summary>
public sealed class SimulationProgress : IDisposable
{
    private readonly TextWriter? _plain;
    private readonly LiveProgressBar? _live;
    private readonly ProgressTask? _bar;
    private int? _lastEpoch;
    private bool _disposed;

    /// <summary>Plain mode: a line on <paramref name="plain"/> at the first report of each epoch; null prints nothing.</summary>
    public SimulationProgress(TextWriter? plain) => _plain = plain;

    /// <summary>Bar mode: a live progress bar on <paramref name="console"/> from now until <see cref="Dispose"/>.</summary>
    public SimulationProgress(IAnsiConsole console)
    {
        _live = new LiveProgressBar(console, "starting", 1);
        _bar = _live.Bar;
    }

    /// <summary>
    /// A progress bar on an interactive terminal, plain lines on <see cref="Console.Out"/> when it is redirected,
    /// nothing when <paramref name="quiet"/>.
    /// </summary>
    public static SimulationProgress Create(bool quiet) =>
        quiet ? new SimulationProgress((TextWriter?)null)
        : Console.IsOutputRedirected ? new SimulationProgress(Console.Out)
        : new SimulationProgress(AnsiConsole.Console);

    /// <summary>Reports that <paramref name="block"/> of <paramref name="totalBlocks"/> blocks are done, in <paramref name="epoch"/>.</summary>
    public void Report(ulong block, ulong totalBlocks, int epoch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inv = CultureInfo.InvariantCulture;
        if (_bar is not null)
        {
            _bar.MaxValue = Math.Max(1, totalBlocks);
            _bar.Value = Math.Min(block, totalBlocks);
            _bar.Description = string.Create(inv, $"epoch {epoch} · block {block}/{totalBlocks}");
            return;
        }
        if (_plain is null || _lastEpoch == epoch) return;
        _lastEpoch = epoch;
        var percent = totalBlocks == 0 ? 100.0 : 100.0 * block / totalBlocks;
        _plain.Write(string.Create(inv, $"epoch {epoch}: block {block}/{totalBlocks} ({percent:F1}%)") + "\n");
        _plain.Flush();
    }

    /// <summary>Ends the bar (left on screen, full) and gives the terminal back.</summary>
    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
    }
}
