namespace Bittensor.Neurons.Scoring;

/// <summary>
/// Which miners a validator queries each step (core_validator v3: sample without replacement from a random
/// permutation of all uids, so every uid is queried once before any is queried twice). Seeded, so a simulation's
/// queries are a function of its seed.
/// </summary>
public sealed class QueryPlan
{
    private readonly Random random;
    private readonly Queue<int> pending = new();

    /// <summary>Creates a plan drawing its permutations from <paramref name="random"/>.</summary>
    public QueryPlan(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    /// <summary>
    /// The next <paramref name="count"/> distinct uids among <paramref name="candidates"/> (all of them when fewer),
    /// continuing the current permutation and starting a new one over the candidates when it runs out.
    /// </summary>
    public IReadOnlyList<int> Next(IReadOnlyCollection<int> candidates, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var allowed = candidates as IReadOnlySet<int> ?? candidates.ToHashSet();
        var chosen = new List<int>(Math.Min(count, allowed.Count));
        var refilled = false;
        while (chosen.Count < Math.Min(count, allowed.Count))
        {
            if (pending.Count == 0)
            {
                if (refilled)
                {
                    break;
                }

                Refill(allowed);
                refilled = true;
            }

            var uid = pending.Dequeue();
            // Uids that left since the permutation was drawn are skipped; a uid drawn twice in one step is not.
            if (allowed.Contains(uid) && !chosen.Contains(uid))
            {
                chosen.Add(uid);
            }
        }

        return chosen;
    }

    private void Refill(IReadOnlySet<int> candidates)
    {
        var order = candidates.Order().ToArray();
        random.Shuffle(order);
        foreach (var uid in order)
        {
            pending.Enqueue(uid);
        }
    }
}
