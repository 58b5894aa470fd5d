namespace Bittensor.Sim.Scenarios;

/// <summary>How many of a scenario's peers play the adversary, when the scenario is not told.</summary>
public static class AdversaryCount
{
    /// <summary>
    /// A third of <paramref name="total"/> (at least one), leaving at least one honest peer to compare with; throws
    /// <see cref="ArgumentException"/> naming <paramref name="what"/> when there are too few for both.
    /// </summary>
    public static int Of(int total, string what)
    {
        if (total < 2)
        {
            throw new ArgumentException($"The scenario compares adversarial and honest {what}: it needs at least 2; got {total}.", nameof(total));
        }

        return Math.Max(1, total / 3);
    }
}
