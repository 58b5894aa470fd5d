using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Bittensor.Runtime.Node;

/// <summary>
/// The ledger as a cluster singleton: a <see cref="ClusterSingletonManager"/> on every <c>ledger</c> node runs one
/// <see cref="LedgerHost"/> on the oldest of them, and a <see cref="ClusterSingletonProxy"/> on any node reaches it
/// wherever it is (buffering while it moves).
/// </summary>
internal static class LedgerSingleton
{
    public const string ManagerName = "ledger";
    public const string ProxyName = "ledger-proxy";

    /// <summary>Starts the manager; only on a node with the <c>ledger</c> role.</summary>
    public static IActorRef StartManager(ActorSystem system, TimeSpan blockTime, ulong faucetRao) =>
        system.ActorOf(
            ClusterSingletonManager.Props(
                LedgerHost.Props(blockTime, Bittensor.Ledger.LedgerActor.Props(faucetLimitRao: faucetRao)),
                // After the host's queue: it lets the block in flight be persisted, then stops the ledger and itself.
                LedgerHost.Stop.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(NodeRole.Ledger)),
            ManagerName);

    /// <summary>The proxy to the ledger, from any node of the cluster.</summary>
    public static IActorRef StartProxy(ActorSystem system) =>
        system.ActorOf(
            ClusterSingletonProxy.Props(
                "/user/" + ManagerName,
                ClusterSingletonProxySettings.Create(system).WithRole(NodeRole.Ledger)),
            ProxyName);
}
