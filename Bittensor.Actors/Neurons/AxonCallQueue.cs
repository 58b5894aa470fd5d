namespace Bittensor.Neurons;

/// <summary>One call waiting in an <see cref="AxonCallQueue{T}"/>.</summary>
/// <param name="Sequence">Its arrival number in the queue (first is 0): the tie-break, and the handle to remove it by.</param>
/// <param name="Priority">Its priority, NaN already replaced by <see cref="double.NegativeInfinity"/>.</param>
/// <param name="Call">What the caller of the queue keeps with it.</param>
internal sealed record AxonQueuedCall<T>(long Sequence, double Priority, T Call);

/// <summary>
/// The calls an axon admitted but cannot run yet (Bittensor's priority thread pool queue, bittensor-reference.md §6.2):
/// higher priority first, equal priorities in arrival order, at most <see cref="Capacity"/> waiting. Pure: no clock,
/// no actor; the <see cref="AxonActor"/> keeps deadlines and timers.
/// </summary>
/// <remarks>
/// Python Bittensor adds a small random epsilon to every priority (and turns priority 0 into a random 1–100) so that
/// ties are broken at random. Here ties go by arrival order instead: a simulation must give the same result for
/// the same seed, and a random tie-break would make the order in which miners serve validators, and so the
/// scores, depend on a generator outside the peer's seeded one.
/// </remarks>
internal sealed class AxonCallQueue<T>
{
    private readonly SortedSet<AxonQueuedCall<T>> order = new(ServeFirst.Instance);
    private readonly Dictionary<long, AxonQueuedCall<T>> bySequence = [];
    private long arrivals;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> calls (0: none wait; every call beyond the running ones is refused).</summary>
    public AxonCallQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>The most calls that may wait.</summary>
    public int Capacity { get; }

    /// <summary>The calls waiting.</summary>
    public int Count => order.Count;

    /// <summary>
    /// Queues <paramref name="call"/> unless the queue is full and every waiting call has at least its priority
    /// (the newcomer loses ties, as it arrived last). When the queue is full and a waiting call has a lower
    /// priority, the lowest (the latest of the lowest) is pushed out to make room and returned in
    /// <paramref name="displaced"/>. A NaN priority counts as the lowest.
    /// </summary>
    /// <returns>The queued call, or null when <paramref name="call"/> was refused.</returns>
    public AxonQueuedCall<T>? Enqueue(T call, double priority, out AxonQueuedCall<T>? displaced)
    {
        displaced = null;
        var entry = new AxonQueuedCall<T>(arrivals, double.IsNaN(priority) ? double.NegativeInfinity : priority, call);
        if (order.Count >= Capacity)
        {
            // Max is the call served last: the lowest priority, latest among equals.
            if (order.Count == 0 || ServeFirst.Instance.Compare(entry, order.Max!) >= 0)
            {
                return null;
            }

            displaced = order.Max!;
            Remove(displaced);
        }

        arrivals++;
        order.Add(entry);
        bySequence.Add(entry.Sequence, entry);
        return entry;
    }

    /// <summary>Takes the call to serve next: the highest priority, the earliest among equals.</summary>
    public bool TryDequeue(out AxonQueuedCall<T> next)
    {
        if (order.Count == 0)
        {
            next = null!;
            return false;
        }

        next = order.Min!;
        Remove(next);
        return true;
    }

    /// <summary>Takes out the waiting call <paramref name="sequence"/> (e.g. its deadline passed); false if it is no longer waiting.</summary>
    public bool TryRemove(long sequence, out AxonQueuedCall<T> removed)
    {
        if (!bySequence.TryGetValue(sequence, out var found))
        {
            removed = null!;
            return false;
        }

        Remove(found);
        removed = found;
        return true;
    }

    private void Remove(AxonQueuedCall<T> entry)
    {
        order.Remove(entry);
        bySequence.Remove(entry.Sequence);
    }

    /// <summary>Orders calls by when they are served: higher priority first, then arrival.</summary>
    private sealed class ServeFirst : IComparer<AxonQueuedCall<T>>
    {
        public static readonly ServeFirst Instance = new();

        public int Compare(AxonQueuedCall<T>? x, AxonQueuedCall<T>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byPriority = y.Priority.CompareTo(x.Priority);
            return byPriority != 0 ? byPriority : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
