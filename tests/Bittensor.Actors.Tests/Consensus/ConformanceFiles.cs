using System.Text.Json;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// Finds and parses the conformance vectors in <c>shared/conformance/</c>, which live beside the repository rather
/// than inside it (the same files check the <c>epoch</c> command). The folder is found by walking up from the test
/// binaries, so the specs run from any checkout that has <c>shared/</c> next to or above it.
/// </summary>
internal static class ConformanceFiles
{
    private const string Folder = "shared/conformance";
    private const string Marker = "epoch-cases.json";

    private static readonly Lazy<string> Location = new(Locate);
    private static readonly Lazy<JsonElement> EpochDocument = new(() => Parse("epoch-cases.json"));
    private static readonly Lazy<JsonElement> MathDocument = new(() => Parse("math-cases.json"));

    /// <summary>The cases of <c>epoch-cases.json</c> (a JSON array).</summary>
    public static JsonElement EpochCases => EpochDocument.Value;

    /// <summary>The cases of <c>math-cases.json</c> (a JSON array).</summary>
    public static JsonElement MathCases => MathDocument.Value;

    public static string PathOf(string fileName) => Path.Combine(Location.Value, fileName);

    /// <summary>The case whose <c>name</c> is <paramref name="name"/>; a missing case is a test failure that names it.</summary>
    public static JsonElement Case(JsonElement cases, string name)
    {
        foreach (var testCase in cases.EnumerateArray())
            if (testCase.GetProperty("name").GetString() == name) return testCase;
        throw new InvalidOperationException($"No conformance case is named \"{name}\".");
    }

    private static string Locate()
    {
        var start = AppContext.BaseDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, Folder);
            if (File.Exists(Path.Combine(candidate, Marker))) return candidate;
        }
        throw new FileNotFoundException(
            $"The conformance vectors were not found: no folder containing {Folder}/{Marker} exists at or above " +
            $"{start}. They are expected in the shared/ folder next to the repository (for example /work/shared " +
            "beside /work/main).");
    }

    private static JsonElement Parse(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(fileName)));
        // A clone outlives the document, so the parsed file can be cached for every test.
        return document.RootElement.Clone();
    }
}
