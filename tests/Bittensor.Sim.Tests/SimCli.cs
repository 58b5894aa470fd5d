using System.Reflection;
using Bittensor.Sim.Commands;

namespace Bittensor.Sim.Tests;

/// <summary>
/// Runs the simulation CLI as a user does: through its real entry point, so the root command's wiring (which commands
/// exist, their options) is part of what is tested.
/// </summary>
internal static class SimCli
{
    private static readonly MethodInfo EntryPoint = typeof(EpochCommand).Assembly.EntryPoint
        ?? throw new InvalidOperationException("Bittensor.Sim has no entry point.");

    public static int Run(params string[] args) => (int)EntryPoint.Invoke(null, [args])!;
}
