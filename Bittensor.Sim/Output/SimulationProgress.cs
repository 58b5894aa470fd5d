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
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProgressTask? _bar;
    private readonly Task? _live;
    private int? _lastEpoch;
    private bool _disposed;

    /// <summary>Plain mode: a line on <paramref name="plain"/> at the first report of each epoch; null prints nothing.</summary>
    public SimulationProgress(TextWriter? plain) => _plain = plain;

    /// <summary>Bar mode: a live progress bar on <paramref name="console"/> from now until <see cref="Dispose"/>.</summary>
    public SimulationProgress(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Spectre's progress is callback-shaped; run it on its own task, hand its bar back, and keep it alive until the
        // run is over, so that Report can be called from the simulation's own loop.
        _live = Task.Run(() => console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting", maxValue: 1);
                started.SetResult(bar);
                await _finished.Task.ConfigureAwait(false);
                bar.Value = bar.MaxValue;
                context.Refresh();
            }));
        if (Task.WaitAny(started.Task, _live) == 1) _live.GetAwaiter().GetResult();
        _bar = started.Task.Result;
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
        if (_disposed) return;
        _disposed = true;
        _finished.TrySetResult();
        _live?.GetAwaiter().GetResult();
    }
}
