namespace Bittensor.Neurons.Scoring;

/// <summary>
/// A validator's memory of every uid: its hotkey, a moving average of its contributions and how often it was queried
/// (the gate, what the validator learned about routing, is an <see cref="IGate"/>'s).
/// The average is core_validator's "zeroing EMA": a contribution moves it by <c>α</c> towards the contribution, a
/// failed answer (queried, nothing scorable back) towards zero, so silence costs a miner its standing without
/// erasing its history. A uid whose hotkey changes is a new miner (re-registration) and starts from nothing.
/// Pure state: the validator actor owns one and feeds it.
/// </summary>
public sealed class ScoreBoard
{
    private readonly List<Entry> entries = [];

    /// <summary>Creates a board averaging with weight <paramref name="alpha"/> on each new observation.</summary>
    public ScoreBoard(double alpha)
    {
        if (!(alpha is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The score EMA's alpha lies in (0, 1].");
        }

        Alpha = alpha;
    }

    /// <summary>The weight of each new observation in the moving average.</summary>
    public double Alpha { get; }

    /// <summary>The number of uids known.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// Matches the board to the subnet's uids: new uids are added, and a uid whose hotkey changed starts over. Returns
    /// the uids whose miner is gone (hotkey changed, or uid no longer in the subnet), so that what else was learned
    /// about them (the gate's <see cref="IGate.Reset"/>) is forgotten too.
    /// </summary>
    public IReadOnlyList<int> Sync(IReadOnlyList<string> hotkeys)
    {
        ArgumentNullException.ThrowIfNull(hotkeys);
        var reset = new List<int>();
        for (var uid = hotkeys.Count; uid < entries.Count; uid++)
        {
            reset.Add(uid);
        }

        if (entries.Count > hotkeys.Count)
        {
            entries.RemoveRange(hotkeys.Count, entries.Count - hotkeys.Count);
        }

        for (var uid = 0; uid < hotkeys.Count; uid++)
        {
            if (uid == entries.Count)
            {
                entries.Add(new Entry(hotkeys[uid]));
            }
            else if (entries[uid].Hotkey != hotkeys[uid])
            {
                entries[uid] = new Entry(hotkeys[uid]);
                reset.Add(uid);
            }
        }

        reset.Sort();
        return reset;
    }

    /// <summary>The hotkey known at <paramref name="uid"/>.</summary>
    public string HotkeyOf(int uid) => entries[uid].Hotkey;

    /// <summary>The moving average of <paramref name="uid"/>'s contributions (0 before any observation).</summary>
    public double Score(int uid) => entries[uid].Score;

    /// <summary>Every uid's score, by uid.</summary>
    public double[] Scores() => entries.Select(e => e.Score).ToArray();

    /// <summary>How often <paramref name="uid"/> was queried, and how many of those answers failed.</summary>
    public (long Queried, long Failed) Record(int uid) => (entries[uid].Queried, entries[uid].Failed);

    /// <summary>Folds a scored answer's contribution into the average.</summary>
    public void Observe(int uid, double contribution)
    {
        if (!double.IsFinite(contribution))
        {
            throw new ArgumentException($"Uid {uid}: a contribution is a finite number.", nameof(contribution));
        }

        var entry = entries[uid];
        entry.Score += Alpha * (contribution - entry.Score);
        entry.Queried++;
    }

    /// <summary>Folds in a failed answer (error, timeout, nothing, NaN, wrong shape): the average decays towards zero.</summary>
    public void ObserveFailure(int uid)
    {
        var entry = entries[uid];
        entry.Score -= Alpha * entry.Score;
        entry.Queried++;
        entry.Failed++;
    }

    private sealed class Entry(string hotkey)
    {
        public string Hotkey { get; } = hotkey;
        public double Score { get; set; }
        public long Queried { get; set; }
        public long Failed { get; set; }
    }
}
