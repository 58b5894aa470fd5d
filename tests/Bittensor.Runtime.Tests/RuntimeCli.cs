using System.Globalization;
using System.Reflection;

namespace Bittensor.Runtime.Tests;

/// <summary>
/// Runs the runtime CLI as a user does: through its real entry point, so the root command's wiring (which commands
/// exist, their options, the exit code of a parse error) is part of what is tested.
/// </summary>
internal static class RuntimeCli
{
    // The runtime's types are internal; its assembly is reached by name (the project reference puts it beside the tests).
    private static readonly MethodInfo EntryPoint = Assembly.Load("Bittensor.Runtime").EntryPoint
        ?? throw new InvalidOperationException("Bittensor.Runtime has no entry point.");

    /// <summary>Runs the CLI with <paramref name="args"/>, capturing standard output and standard error.</summary>
    public static CliResult Run(params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = (int)EntryPoint.Invoke(null, [args])!;
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
