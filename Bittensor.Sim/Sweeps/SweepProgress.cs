using System.Globalization;
using Bittensor.Sim.Output;
using Spectre.Console;

namespace Bittensor.Sim.Sweeps;

/// <summary>
/// Shows how far a sweep has got. On an interactive terminal a Spectre progress bar over the blocks of every run (runs
/// finished of all, time left); otherwise one plain line per finished run, since Spectre's bar prints nothing when
/// output is redirected; with quiet nothing at all. Reports come from several runs' threads at once. Dispose it when
/// the sweep ends, before printing anything else: the bar owns the terminal while it is shown.
/// </summary>
public sealed class SweepProgress : IDisposable
{
    private readonly TextWriter? _plain;
    private readonly int _runs;
    private readonly LiveProgressBar? _live;
    private readonly ProgressTask? _bar;
    private readonly Lock _gate = new();
    private int _done;
    private bool _disposed;

    /// <summary>Plain mode: a line on <paramref name="plain"/> per finished run of <paramref name="runs"/>; null prints nothing.</summary>
    public SweepProgress(TextWriter? plain, int runs)
    {
        _plain = plain;
        _runs = runs;
    }

    /// <summary>Bar mode: a live bar on <paramref name="console"/> over <paramref name="totalBlocks"/> blocks of <paramref name="runs"/> runs.</summary>
    public SweepProgress(IAnsiConsole console, int runs, ulong totalBlocks)
    {
        _runs = runs;
        _live = new LiveProgressBar(console, Description(0), Math.Max(1, totalBlocks));
        _bar = _live.Bar;
    }

    /// <summary>A bar on an interactive terminal, plain lines on <see cref="Console.Out"/> when redirected, nothing when quiet.</summary>
    public static SweepProgress Create(bool quiet, int runs, ulong totalBlocks) =>
        quiet ? new SweepProgress((TextWriter?)null, runs)
        : Console.IsOutputRedirected ? new SweepProgress(Console.Out, runs)
        : new SweepProgress(AnsiConsole.Console, runs, totalBlocks);

    /// <summary>Reports one more block of some run.</summary>
    public void Block()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _bar?.Increment(1);
    }

    /// <summary>Reports that <paramref name="result"/>'s run has ended.</summary>
    public void Finished(SweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            _done++;
            if (_bar is not null)
            {
                _bar.Description = Description(_done);
                return;
            }
            if (_plain is null) return;
            var values = string.Join(" ", result.Job.Point.Hyperparameters.Select((p, k) => $"{p.Name}={result.Job.Point.Values[k].Label}"));
            _plain.Write(string.Create(CultureInfo.InvariantCulture, $"run {_done}/{_runs}: {values} seed={result.Job.Seed} ({result.WallSeconds:F1} s)") + "\n");
            _plain.Flush();
        }
    }

    /// <summary>Ends the bar (left on screen, full) and gives the terminal back.</summary>
    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
    }

    private string Description(int done) => string.Create(CultureInfo.InvariantCulture, $"runs {done}/{_runs}");
}
