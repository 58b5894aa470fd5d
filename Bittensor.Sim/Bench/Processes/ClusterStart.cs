namespace Bittensor.Sim.Bench.Processes;

/// <summary>
/// How a cluster came up: the node that formed it, the time from starting the processes to its first block, and to the
/// moment every node was Up.
/// </summary>
internal sealed record ClusterStart(NodeProcess First, TimeSpan FirstBlock, TimeSpan AllUp);
