namespace Bittensor.Runtime.Tests.Processes;

/// <summary>
/// Specs that start node processes: each starts several .NET processes and times their failover, so they run alone,
/// after the others, rather than beside in-process clusters on a busy machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Node processes";
}
