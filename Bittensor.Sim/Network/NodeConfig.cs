using Akka.Configuration;
using Bittensor.Ledger.Persistence;
using Bittensor.Neurons.Serialization;
using Bittensor.Protocol;

namespace Bittensor.Sim.Network;

/// <summary>The Akka configuration of the ActorSystems the simulation and the benchmarks start in this process.</summary>
public static class NodeConfig
{
    /// <summary>
    /// A node: the ledger's, the protocol's and the neurons' serializers, an in-memory journal, warnings and errors on
    /// standard error; with <paramref name="remote"/>, Akka.Remote on 127.0.0.1 and a free port (the sizes of
    /// hocon/remote.conf), so messages to the other nodes cross the wire; with <paramref name="cluster"/> as well,
    /// a member of an Akka.Cluster that the host joins.
    /// </summary>
    public static Config Create(bool remote, string logLevel = "WARNING", bool cluster = false)
    {
        var local = ConfigurationFactory.ParseString($"""
                akka.loglevel = {logLevel}
                akka.stdout-loglevel = {logLevel}
                akka.loggers = ["{typeof(StandardErrorLogger).AssemblyQualifiedName}"]
                """)
            .WithFallback(LedgerPersistenceConfig.InMemory())
            .WithFallback(ProtocolConfig.Serialization())
            .WithFallback(NeuronConfig.Serialization());
        var membership = cluster
            ? ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                # The simulation's nodes live and die together in one process: a finished run stops them at once,
                # without the leave handshake (which would wait on peers that are stopping too).
                akka.coordinated-shutdown.run-by-actor-system-terminate = off
                akka.cluster.run-coordinated-shutdown-when-down = off
                akka.cluster.log-info = off
                # Loopback members in one process: start gossiping at once, so the cluster is up in a fraction of
                # a second rather than after the defaults' one-second initial delay and interval.
                akka.cluster.periodic-tasks-initial-delay = 50ms
                akka.cluster.gossip-interval = 100ms
                akka.cluster.leader-actions-interval = 100ms
                """)
            : Config.Empty;
        return remote
            ? membership.WithFallback(ConfigurationFactory.ParseString("""
                akka.actor.provider = remote
                akka.remote.log-remote-lifecycle-events = off
                akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
                akka.remote.dot-netty.tcp.port = 0
                # A simulated block is a chain of request/answer hops that each wait on the last: without batching a
                # small message goes out at once (about 0.4 ms a round trip on loopback instead of about 3 ms).
                akka.remote.dot-netty.tcp.batching.enabled = false
                """)).WithFallback(local).WithFallback(ProtocolConfig.Remote())
            : local;
    }
}
