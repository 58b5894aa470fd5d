namespace Bittensor.Sim.Commands;

/// <summary>The <c>--set name=value</c> options of <c>run</c> and <c>sweep</c>: parsed in order, each malformed one a named problem.</summary>
internal static class HyperparameterAssignments
{
    /// <summary>The (name, value) pairs of <paramref name="assignments"/>; a text without <c>=</c> adds a problem instead.</summary>
    public static List<(string Name, string Value)> Parse(IEnumerable<string>? assignments, List<string> problems)
    {
        var parsed = new List<(string Name, string Value)>();
        foreach (var pair in assignments ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"--set takes name=value; got '{pair}'.");
                continue;
            }

            parsed.Add((pair[..equals].Trim(), pair[(equals + 1)..].Trim()));
        }

        return parsed;
    }
}
