using System.Globalization;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// Weights as a user types them (<c>--uids 0,1,2 --weights 0.2,0.3,0.5</c>) to what <c>set_weights</c> carries, as
/// Bittensor's <c>convert_weights_and_uids_for_emit</c> does: the weights are scaled so that the largest becomes
/// 65535, each is rounded (half to even, Python's <c>round</c>), and uids whose value rounds to 0 are left out.
/// Pure: no cluster, no Akka.
/// </summary>
internal static class WeightsForEmit
{
    /// <summary>Parses and converts; see <see cref="Parse"/> and <see cref="Convert"/>.</summary>
    /// <exception cref="UsageException">The message names the option and the problem.</exception>
    public static (ushort[] Uids, ushort[] Values) FromText(string uids, string weights)
    {
        var (parsedUids, parsedWeights) = Parse(uids, weights);
        return Convert(parsedUids, parsedWeights);
    }

    /// <summary>
    /// Comma-separated uids (each 0…65535, none twice) and as many weights (each a finite number ≥ 0, not all 0).
    /// </summary>
    /// <exception cref="UsageException">The message names the option and the problem.</exception>
    public static (ushort[] Uids, double[] Weights) Parse(string uids, string weights)
    {
        var uidTexts = Split(uids, "--uids");
        var weightTexts = Split(weights, "--weights");
        var parsedUids = new ushort[uidTexts.Length];
        for (var k = 0; k < uidTexts.Length; k++)
        {
            if (!ushort.TryParse(uidTexts[k], NumberStyles.None, CultureInfo.InvariantCulture, out parsedUids[k]))
                throw new UsageException($"--uids {uids}: '{uidTexts[k]}' is not a uid (a whole number from 0 to 65535).");
        }

        var parsedWeights = new double[weightTexts.Length];
        for (var k = 0; k < weightTexts.Length; k++)
        {
            if (!double.TryParse(weightTexts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out parsedWeights[k]))
                throw new UsageException($"--weights {weights}: '{weightTexts[k]}' is not a number.");
        }

        Check(parsedUids, parsedWeights);
        return (parsedUids, parsedWeights);
    }

    /// <summary>
    /// Scales <paramref name="weights"/> so that the largest is 65535, rounds half to even, and drops the uids whose
    /// value is then 0, keeping the given order.
    /// </summary>
    /// <exception cref="UsageException">Counts differ, a duplicate uid, a negative or non-finite weight, or all zero.</exception>
    public static (ushort[] Uids, ushort[] Values) Convert(IReadOnlyList<ushort> uids, IReadOnlyList<double> weights)
    {
        Check(uids, weights);
        var max = weights.Max();
        var keptUids = new List<ushort>(uids.Count);
        var values = new List<ushort>(uids.Count);
        for (var k = 0; k < uids.Count; k++)
        {
            var value = (ushort)Math.Round(weights[k] / max * ushort.MaxValue, MidpointRounding.ToEven);
            if (value == 0) continue;
            keptUids.Add(uids[k]);
            values.Add(value);
        }

        return (keptUids.ToArray(), values.ToArray());
    }

    private static void Check(IReadOnlyList<ushort> uids, IReadOnlyList<double> weights)
    {
        if (uids.Count != weights.Count)
            throw new UsageException($"--uids and --weights differ in count: {uids.Count} uids, {weights.Count} weights.");
        if (uids.Count == 0)
            throw new UsageException("--uids is empty: give at least one uid and its weight.");
        var seen = new HashSet<ushort>();
        foreach (var uid in uids)
        {
            if (!seen.Add(uid))
                throw new UsageException($"--uids: uid {uid.ToString(CultureInfo.InvariantCulture)} appears twice.");
        }

        foreach (var weight in weights)
        {
            if (!double.IsFinite(weight) || weight < 0)
                throw new UsageException($"--weights: {weight.ToString(CultureInfo.InvariantCulture)} is not a finite number ≥ 0.");
        }

        if (weights.All(w => w == 0))
            throw new UsageException("--weights are all zero: there is nothing to set.");
    }

    private static string[] Split(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
            throw new UsageException($"{option} {text}: expected comma-separated values without empty entries, like 0,1,2.");
        return parts;
    }
}
