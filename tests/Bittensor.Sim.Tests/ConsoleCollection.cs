namespace Bittensor.Sim.Tests;

/// <summary>
/// Tests that replace <see cref="Console.Out"/> to read what a command prints. The console is process-global, so this
/// collection runs alone: no other test may print into (or read from) a captured writer meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
