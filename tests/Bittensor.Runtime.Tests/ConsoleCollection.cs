namespace Bittensor.Runtime.Tests;

/// <summary>
/// Tests that replace <see cref="Console.Out"/> and <see cref="Console.Error"/> to read what a command prints. The
/// console is process-global, so this collection runs alone: no other test may print into a captured writer meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
