namespace Bittensor.Sim.Bench.Processes;

/// <summary>
/// Finds the built node runtime (<c>Bittensor.Runtime.dll</c> beside its <c>runtimeconfig.json</c>) to start with
/// <c>dotnet</c>, and the <c>dotnet</c> host itself.
/// </summary>
internal static class RuntimeLocator
{
    public const string AssemblyFileName = "Bittensor.Runtime.dll";

    /// <summary>An environment variable that names the runtime's dll, ahead of every other place.</summary>
    public const string EnvironmentVariable = "BITTENSOR_RUNTIME_DLL";

    /// <summary>
    /// The runtime's dll: <paramref name="explicitPath"/> when given, else <see cref="EnvironmentVariable"/>, else one beside
    /// this program (a test project that references Bittensor.Runtime gets a copy), else the Runtime project's own
    /// build output in the repository this program was built in (its configuration first: bin/Release or bin/Debug).
    /// </summary>
    /// <exception cref="FileNotFoundException">None of those exists; the message says how to build it.</exception>
    public static string RuntimeDll(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return IsRunnable(explicitPath) ? Path.GetFullPath(explicitPath)
                : throw new FileNotFoundException($"{explicitPath} is not a built {AssemblyFileName} with its runtimeconfig.json beside it.", explicitPath);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            return IsRunnable(fromEnvironment) ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{EnvironmentVariable}={fromEnvironment} is not a built {AssemblyFileName} with its runtimeconfig.json beside it.", fromEnvironment);

        var baseDirectory = AppContext.BaseDirectory;
        var beside = Path.Combine(baseDirectory, AssemblyFileName);
        if (IsRunnable(beside)) return beside;

        // bin/<Configuration>/<TargetFramework>/ of this program: the same configuration of the Runtime project first.
        var framework = new DirectoryInfo(baseDirectory).Name;
        var configuration = new DirectoryInfo(baseDirectory).Parent?.Name ?? "Release";
        for (var folder = new DirectoryInfo(baseDirectory); folder is not null; folder = folder.Parent)
        {
            var project = Path.Combine(folder.FullName, "Bittensor.Runtime");
            if (!File.Exists(Path.Combine(project, "Bittensor.Runtime.csproj"))) continue;
            foreach (var candidate in new[] { configuration, "Release", "Debug" }.Distinct()
                         .Select(c => Path.Combine(project, "bin", c, framework, AssemblyFileName)))
                if (IsRunnable(candidate)) return candidate;
            break;
        }

        throw new FileNotFoundException(
            $"No built {AssemblyFileName} found beside {baseDirectory} or in the repository's Bittensor.Runtime/bin: "
            + $"build it first (dotnet build Bittensor.sln -c Release), or name it with {EnvironmentVariable}.");
    }

    /// <summary>The <c>dotnet</c> host that runs this program (or the one on the PATH).</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
        return "dotnet";
    }

    private static bool IsRunnable(string dll) =>
        File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, null) + ".runtimeconfig.json");
}
