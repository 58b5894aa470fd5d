using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// The lines of a child process's standard output and error as they arrive (thread-safe), and waits for a line that
/// matches a pattern: woken by each new line, no polling, ended by a timeout or by the end of the output. Every line
/// is also appended to <see cref="FilePath"/> when one is given. At most <see cref="Capacity"/> lines are kept in
/// memory, the oldest dropped first; a line's <see cref="OutputLine.Index"/> counts every line ever added, so indices
/// stay valid after lines are dropped (a wait from a dropped index starts at the oldest line kept).
/// </summary>
internal sealed class OutputLog : IDisposable
{
    private readonly Lock _gate = new();

    // Line i lives at _kept[i % Capacity]: a plain list while it grows, a ring once it holds Capacity lines.
    private readonly List<OutputLine> _kept = [];
    private StreamWriter? _file;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = NewSignal();
    private int _count;
    private bool _completed;

    /// <param name="capacity">Lines kept in memory (the most recent); null: every line.</param>
    /// <param name="filePath">A file every line is appended to (its folder is created), or null.</param>
    public OutputLog(int? capacity = null, string? filePath = null)
    {
        if (capacity is < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one line.");
        Capacity = capacity ?? int.MaxValue;
        FilePath = filePath is null ? null : Path.GetFullPath(filePath);
        if (FilePath is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _file = new StreamWriter(FilePath, append: true) { AutoFlush = true };
    }

    /// <summary>The most lines kept in memory.</summary>
    public int Capacity { get; }

    /// <summary>The file every line is appended to, or null.</summary>
    public string? FilePath { get; }

    /// <summary>How many lines so far, kept or dropped (the index the next one gets).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _count;
        }
    }

    /// <summary>The lines kept in memory, oldest first.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate) return [.. Enumerable.Range(Oldest, _count - Oldest).Select(At)];
        }
    }

    /// <summary>Completes when no more lines will come.</summary>
    public Task Completion => _completion.Task;

    // The index of the oldest line kept.
    private int Oldest => _count - _kept.Count;

    public void Add(string text, bool standardError)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var line = new OutputLine(_count, text, standardError, Stopwatch.GetTimestamp());
            if (_kept.Count < Capacity) _kept.Add(line);
            else _kept[_count % Capacity] = line;
            _count++;
            _file?.WriteLine(text);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>The last <paramref name="count"/> lines kept, as written.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            var from = Math.Max(Oldest, _count - count);
            return [.. Enumerable.Range(from, _count - from).Select(i => At(i).Text)];
        }
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
        _completion.TrySetResult();
    }

    /// <summary>
    /// The first line at or after <paramref name="fromIndex"/> that <paramref name="pattern"/> matches (and whose match
    /// <paramref name="accept"/> accepts, when given), with its match; waits for it at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No such line within the timeout, or the output ended without one.</exception>
    public async Task<(OutputLine Line, Match Match)> WaitForAsync(Regex pattern, TimeSpan timeout, int fromIndex = 0,
        Func<Match, bool>? accept = null, CancellationToken cancellationToken = default)
    {
        Match? found = null;
        var line = await WaitForAsync(text =>
        {
            var match = pattern.Match(text);
            if (!match.Success || (accept is not null && !accept(match))) return false;
            found = match;
            return true;
        }, $"/{pattern}/", timeout, fromIndex, cancellationToken).ConfigureAwait(false);
        return (line, found!);
    }

    /// <summary>
    /// The first line at or after <paramref name="fromIndex"/> whose text <paramref name="match"/> accepts; waits for it
    /// at most <paramref name="timeout"/>. <c>fromIndex: log.Count</c> waits for the next such line.
    /// </summary>
    /// <exception cref="TimeoutException">No such line within the timeout, or the output ended without one.</exception>
    public Task<OutputLine> WaitForAsync(Func<string, bool> match, TimeSpan timeout, int fromIndex = 0, CancellationToken cancellationToken = default) =>
        WaitForAsync(match, "the condition", timeout, fromIndex, cancellationToken);

    /// <summary>Closes the file; lines added later are kept in memory only.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private async Task<OutputLine> WaitForAsync(Func<string, bool> match, string what, TimeSpan timeout, int fromIndex,
        CancellationToken cancellationToken)
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
                for (next = Math.Max(next, Oldest); next < _count; next++)
                {
                    var line = At(next);
                    if (match(line.Text)) return line;
                }
                changed = _changed.Task;
                completed = _completed;
            }
            if (completed)
                throw new TimeoutException($"The output ended without a line matching {what}.");
            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No line matching {what} within {timeout.TotalSeconds:0.#} s{(FilePath is null ? "" : "; see " + FilePath)}.");
            }
        }
    }

    // Line i, which must be kept (Oldest <= i < _count); under the lock.
    private OutputLine At(int index) => _kept[index % Capacity];

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
