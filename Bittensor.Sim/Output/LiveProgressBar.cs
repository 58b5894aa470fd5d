using Spectre.Console;

namespace Bittensor.Sim.Output;

/// <summary>
/// One Spectre progress bar kept live on a terminal until disposed. Spectre's progress is callback-shaped; this runs it
/// on its own task and hands its bar back, so a run or a sweep can report from its own loop. Disposing fills the bar,
/// leaves it on screen and gives the terminal back.
/// </summary>
internal sealed class LiveProgressBar : IDisposable
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _live;
    private bool _disposed;

    /// <summary>Shows a bar described as <paramref name="description"/> over <paramref name="maxValue"/> on <paramref name="console"/>.</summary>
    public LiveProgressBar(IAnsiConsole console, string description, double maxValue)
    {
        ArgumentNullException.ThrowIfNull(console);
        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        _live = Task.Run(() => console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(description, maxValue: maxValue);
                started.SetResult(bar);
                await _finished.Task.ConfigureAwait(false);
                bar.Value = bar.MaxValue;
                context.Refresh();
            }));
        if (Task.WaitAny(started.Task, _live) == 1) _live.GetAwaiter().GetResult();
        Bar = started.Task.Result;
    }

    /// <summary>The bar: set its value and description as the work goes.</summary>
    public ProgressTask Bar { get; }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _finished.TrySetResult();
        _live.GetAwaiter().GetResult();
    }
}
