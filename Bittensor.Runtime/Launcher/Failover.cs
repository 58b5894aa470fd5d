namespace Bittensor.Runtime.Launcher;

/// <summary>
/// A crash of the singleton's host: the killed node, the last block it logged, the node that logged the next one, that
/// block, the time from the kill to it, and where the new host's log stood at the kill.
/// </summary>
internal sealed record Failover(NodeProcess Killed, ulong LastBlock, string LastHash, NodeProcess NewHost, ulong FirstNewBlock, TimeSpan Elapsed, int NewHostLogFrom);
