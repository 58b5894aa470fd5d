using Akka.Actor;
using Akka.Configuration;

namespace Bittensor.Runtime.Node;

/// <summary>
/// A running node: its ActorSystem joined to the cluster, the ledger singleton's manager when it has the
/// <c>ledger</c> role, and a proxy to the ledger.
/// </summary>
internal sealed class LedgerNode
{
    private LedgerNode(ActorSystem system, IActorRef ledger)
    {
        System = system;
        Ledger = ledger;
    }

    public ActorSystem System { get; }

    /// <summary>The singleton proxy: send it the ledger's messages (GetStateHash, SubmitCommand, Subscribe, ...).</summary>
    public IActorRef Ledger { get; }

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    /// <summary>Starts the node. With no seed nodes it joins itself: the first node of a new cluster.</summary>
    public static LedgerNode Start(NodeOptions options, Config? overrides = null)
    {
        var system = ActorSystem.Create(NodeOptions.SystemName, NodeHocon.Create(options, overrides));
        var cluster = Akka.Cluster.Cluster.Get(system);
        // The configured seed list drives the join; a lone first node has none and joins itself (its actual
        // address, which with port 0 is only known now).
        if (options.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
        // Every node's mediator from the start: subscriptions spread by gossip between mediators.
        Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.Get(system);
        if (options.HasRole(NodeRole.Ledger)) LedgerSingleton.StartManager(system, options.BlockTime, options.FaucetRao);
        return new LedgerNode(system, LedgerSingleton.StartProxy(system));
    }
}
