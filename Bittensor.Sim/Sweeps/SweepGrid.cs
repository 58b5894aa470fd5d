using System.Globalization;
using Bittensor.Ledger;

namespace Bittensor.Sim.Sweeps;

/// <summary>
/// The parameters a sweep varies, parsed from text such as <c>kappa=0.3,0.5,0.7;bonds_moving_average=900000,975000</c>:
/// <c>;</c> between parameters, <c>name=v1,v2,...</c> for each. One or two parameters, since the sweep's chart is a
/// line (one) or a heatmap (two); fixed values of any others go in <c>--set</c>. Every name and value is checked
/// against the ledger's hyperparameters. Parameters the chain stores as a fraction of a whole (kappa as u16 of 65535,
/// bonds_moving_average in millionths, ...) also take the fraction itself: a value with a decimal point in [0, 1] is
/// scaled and rounded half away from zero (kappa 0.3 → 19661, bonds_moving_average 0.975 → 975000).
/// </summary>
public sealed class SweepGrid
{
    /// <summary>The most parameters a grid may vary.</summary>
    public const int MaxParameters = 2;

    /// <summary>The parameters the chain stores as a fraction, and the integer that stands for 1.</summary>
    public static IReadOnlyDictionary<string, decimal> FractionScales { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["kappa"] = ushort.MaxValue,
        ["bonds_penalty"] = ushort.MaxValue,
        ["alpha_low"] = ushort.MaxValue,
        ["alpha_high"] = ushort.MaxValue,
        ["max_weight_limit"] = ushort.MaxValue,
        ["subnet_owner_cut"] = ushort.MaxValue,
        ["bonds_moving_average"] = 1_000_000,
    };

    // The simulation's clock and the ledger must agree on the tempo, so it is an option of its own, not a grid entry.
    private static readonly Dictionary<string, string> OwnOptions = new(StringComparer.Ordinal) { ["tempo"] = "--tempo" };

    private SweepGrid(IReadOnlyList<SweepParameter> parameters)
    {
        Parameters = parameters;
        Points = Combine(parameters);
    }

    /// <summary>The parameters, in the order the grid named them.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>
    /// Every combination, the first parameter's values outermost (so <c>a=1,2;b=3,4</c> gives (1,3), (1,4), (2,3),
    /// (2,4)): always the same order for the same text.
    /// </summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>The grid that <paramref name="text"/> describes, or the problem with it (naming the parameter or value).</summary>
    public static (SweepGrid? Grid, string? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = text.Split(';', StringSplitOptions.TrimEntries).Where(e => e.Length > 0).ToList();
        if (entries.Count == 0)
            return (null, "the grid is empty; write name=v1,v2,... with ';' between parameters, e.g. kappa=0.3,0.5;bonds_moving_average=900000,975000.");
        if (entries.Count > MaxParameters)
            return (null, $"the grid varies {entries.Count} parameters but a sweep varies at most {MaxParameters} (its chart is a heatmap); fix the others with --set.");

        var parameters = new List<SweepParameter>();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return (null, $"'{entry}' is not name=v1,v2,...");
            var name = entry[..equals].Trim();
            if (OwnOptions.TryGetValue(name, out var option))
                return (null, $"{name} cannot be swept (the block clock follows {option}); run one sweep per {option} value.");
            if (parameters.Any(p => p.Name == name))
                return (null, $"{name} appears twice in the grid.");
            var labels = entry[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (labels.Any(l => l.Length == 0))
                return (null, $"{name} has an empty value in '{entry}'.");

            var values = new List<SweepValue>();
            foreach (var label in labels)
            {
                var (value, error) = Value(name, label);
                if (error is not null) return (null, error);
                if (values.FirstOrDefault(v => v.LedgerValue == value!.LedgerValue) is { } same)
                    return (null, $"{name} lists {same.Label} and {label}, the same value ({value!.LedgerValue}).");
                values.Add(value!);
            }
            parameters.Add(new SweepParameter(name, values));
        }
        return (new SweepGrid(parameters), null);
    }

    /// <summary>What the ledger is given for <paramref name="label"/> of <paramref name="name"/>, or why it cannot be.</summary>
    private static (SweepValue? Value, string? Error) Value(string name, string label)
    {
        var ledgerValue = label;
        if (label.Contains('.', StringComparison.Ordinal) && SubnetHyperparameters.Default.Get(name) is not null)
        {
            if (!FractionScales.TryGetValue(name, out var scale))
                return (null, $"{name} = {label}: {name} takes whole numbers, not fractions.");
            // Decimal keeps 0.3 exact, so 0.3 · 65535 = 19660.5 rounds to 19661 rather than wherever binary error puts it.
            if (!decimal.TryParse(label, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) || fraction > 1)
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"{name} = {label}: a fraction must lie in [0, 1] (stored as a whole number of {scale}ths; or give that number)."));
            ledgerValue = decimal.Round(fraction * scale, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
        }

        var (_, problem) = SubnetHyperparameters.Default.With(name, ledgerValue);
        return problem is null ? (new SweepValue(label, ledgerValue), null) : (null, problem.Message);
    }

    private static List<SweepPoint> Combine(IReadOnlyList<SweepParameter> parameters)
    {
        var points = new List<SweepPoint>();
        var indices = new int[parameters.Count];
        while (true)
        {
            var values = parameters.Select((p, k) => p.Values[indices[k]]).ToArray();
            points.Add(new SweepPoint(points.Count, indices.ToArray(), values, parameters.Select((p, k) => (p.Name, values[k].LedgerValue)).ToArray()));
            // Count in mixed radix with the last parameter as the fastest digit.
            var digit = parameters.Count - 1;
            while (digit >= 0 && ++indices[digit] == parameters[digit].Values.Count)
            {
                indices[digit] = 0;
                digit--;
            }
            if (digit < 0) return points;
        }
    }
}
