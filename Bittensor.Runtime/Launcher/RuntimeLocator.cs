namespace Bittensor.Runtime.Launcher;

/// <summary>
/// What a <see cref="NodeProcess"/> runs: this very build of the runtime (the Bittensor.Runtime assembly, with its
/// runtimeconfig.json beside it, in its own output folder or in a test project's that references it) and the
/// <c>dotnet</c> host to run it with.
/// </summary>
internal static class RuntimeLocator
{
    /// <summary>The runtime's dll: the assembly this class is compiled into.</summary>
    public static string RuntimeDll => typeof(RuntimeLocator).Assembly.Location;

    /// <summary>
    /// The <c>dotnet</c> host that runs this process; when this process is not <c>dotnet</c> itself (an apphost), the
    /// one the SDK names in <c>DOTNET_HOST_PATH</c>, else the one on the PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        return "dotnet";
    }
}
