namespace Bittensor.Sim.Tests;

/// <summary>
/// The conformance files shared with the other implementations (<c>../shared/conformance/</c>), found by walking up from
/// the test binaries, so the tests run the same from the repository, a worktree or a CI checkout beside <c>shared/</c>.
/// </summary>
internal static class SharedConformance
{
    public static FileInfo EpochCases { get; } = Locate(Path.Combine("shared", "conformance", "epoch-cases.json"));

    private static FileInfo Locate(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = new FileInfo(Path.Combine(folder.FullName, relativePath));
            if (candidate.Exists) return candidate;
        }
        throw new FileNotFoundException(
            $"No folder above {AppContext.BaseDirectory} contains {relativePath}; the conformance vectors live beside the repository.");
    }
}
