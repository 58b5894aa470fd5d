using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bittensor.Sim.Bench.Processes;

/// <summary>
/// The lines of a child process's standard output and error as they arrive (thread-safe), and waits for a line that
/// matches a pattern: woken by each new line, no polling, ended by a timeout or by the end of the output.
/// </summary>
internal sealed class OutputLog
{
    private readonly Lock _gate = new();
    private readonly List<OutputLine> _lines = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;

    /// <summary>How many lines so far (the index the next one gets).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _lines.Count;
        }
    }

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate) return [.. _lines];
        }
    }

    public void Add(string text, bool standardError)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _lines.Add(new OutputLine(_lines.Count, text, standardError, Stopwatch.GetTimestamp()));
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>No more lines will come (the process ended and its streams are drained).</summary>
    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _completed = true;
            changed = _changed;
        }
        changed.TrySetResult();
    }

    /// <summary>
    /// The first line at or after <paramref name="fromIndex"/> that <paramref name="pattern"/> matches (and whose match
    /// <paramref name="accept"/> accepts, when given), with its match; waits for it at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No such line within the timeout, or the output ended without one.</exception>
    public async Task<(OutputLine Line, Match Match)> WaitForAsync(Regex pattern, TimeSpan timeout, int fromIndex = 0,
        Func<Match, bool>? accept = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var next = fromIndex;
        while (true)
        {
            Task changed;
            bool completed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    var match = pattern.Match(_lines[next].Text);
                    if (match.Success && (accept is null || accept(match))) return (_lines[next], match);
                }
                changed = _changed.Task;
                completed = _completed;
            }
            if (completed)
                throw new TimeoutException($"The output ended without a line matching /{pattern}/.");
            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No line matching /{pattern}/ within {timeout.TotalSeconds:0.#} s.");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
