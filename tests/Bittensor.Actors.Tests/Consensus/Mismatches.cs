using System.Globalization;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// Collects every mismatch of a conformance check before failing, so one run shows all the sub-cases or keys that
/// differ (each named with its case) instead of only the first.
/// </summary>
internal sealed class Mismatches(string subject)
{
    private readonly List<string> _lines = [];

    public void Equal<T>(T expected, T actual, string where)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) Add(where, Show(expected), Show(actual));
    }

    public void SequenceEqual<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, string where)
    {
        if (expected.Count != actual.Count)
        {
            Add(where, $"{expected.Count} entries {Show(expected)}", $"{actual.Count} entries {Show(actual)}");
            return;
        }
        for (var i = 0; i < expected.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(expected[i], actual[i])) continue;
            Add($"{where}, first difference at index {i}", $"{Show(expected[i])} in {Show(expected)}", $"{Show(actual[i])} in {Show(actual)}");
            return;
        }
    }

    public void Near(double expected, double actual, double tolerance, string where)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
            Add(where, $"{Show(expected)} ± {Show(tolerance)}", Show(actual));
    }

    public void True(bool condition, string what)
    {
        if (!condition) _lines.Add(what);
    }

    public void Add(string where, string expected, string actual) =>
        _lines.Add($"{where}: expected {expected}, actual {actual}");

    /// <summary>Fails the test with every collected mismatch, one per line, under the subject's name.</summary>
    public void Verify()
    {
        if (_lines.Count == 0) return;
        Assert.Fail($"{subject}: {_lines.Count} mismatch(es)\n  " + string.Join("\n  ", _lines));
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
