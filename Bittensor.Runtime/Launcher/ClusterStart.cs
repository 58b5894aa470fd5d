namespace Bittensor.Runtime.Launcher;

/// <summary>
/// How a cluster came up: the node that formed it, the time from starting the processes to its first block, and to the
/// moment the last node was moved to Up (either may come first).
/// </summary>
internal sealed record ClusterStart(NodeProcess First, TimeSpan FirstBlock, TimeSpan AllUp);
