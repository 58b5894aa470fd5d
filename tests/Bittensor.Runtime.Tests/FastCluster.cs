namespace Bittensor.Runtime.Tests;

/// <summary>
/// HOCON for cluster members that live in one test process on loopback: gossip, identify the singleton and hand it
/// over at once instead of after the defaults' seconds (engineering-notes §5.2), no CLR shutdown hook.
/// </summary>
internal static class FastCluster
{
    public const string Hocon = """
        akka.loglevel = WARNING
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.cluster.log-info = off
        akka.cluster.periodic-tasks-initial-delay = 100ms
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.singleton-proxy.singleton-identification-interval = 200ms
        akka.cluster.singleton.hand-over-retry-interval = 200ms
        akka.cluster.pub-sub.gossip-interval = 200ms
        akka.cluster.seed-node-timeout = 1s
        akka.cluster.retry-unsuccessful-join-after = 1s
        # A leaving node that stops before the other has seen it removed looks unreachable to it, and the singleton
        # then waits for the split-brain resolver to down it (20 s by default, counted twice; §5.2).
        akka.cluster.split-brain-resolver.stable-after = 2s
        """;
}
