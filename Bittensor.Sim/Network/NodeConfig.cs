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
    /// hocon/remote.conf), so messages to the other nodes cross the wire.
    /// </summary>
    public static Config Create(bool remote, string logLevel = "WARNING")
    {
        var local = ConfigurationFactory.ParseString($"""
                akka.loglevel = {logLevel}
                akka.stdout-loglevel = {logLevel}
                akka.loggers = ["{typeof(StandardErrorLogger).AssemblyQualifiedName}"]
                """)
            .WithFallback(LedgerPersistenceConfig.InMemory())
            .WithFallback(ProtocolConfig.Serialization())
            .WithFallback(NeuronConfig.Serialization());
        return remote
            ? ConfigurationFactory.ParseString("""
                akka.actor.provider = remote
                akka.remote.log-remote-lifecycle-events = off
                akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
                akka.remote.dot-netty.tcp.port = 0
                """).WithFallback(local).WithFallback(ProtocolConfig.Remote())
            : local;
    }
}
