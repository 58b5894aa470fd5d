namespace Bittensor.Tests.Readme;

/// <summary>The repository's own files (the README, sources), found by walking up from the test binaries to <c>Bittensor.sln</c>.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bittensor.sln"))) return directory.FullName;
        }

        throw new FileNotFoundException($"No Bittensor.sln at or above {AppContext.BaseDirectory}.");
    });

    /// <summary>The text of the file at <paramref name="relativePath"/> from the repository's root.</summary>
    public static string Read(params string[] relativePath) => File.ReadAllText(Path.Combine([Root.Value, .. relativePath]));
}
