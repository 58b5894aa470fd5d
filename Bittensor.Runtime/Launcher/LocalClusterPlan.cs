using System.Globalization;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Launcher;

/// <summary>One node of a local cluster: its index, port, roles, how many neurons it hosts and its wallet.</summary>
internal sealed record PlannedNode(int Index, int Port, IReadOnlyList<string> Roles, int Neurons)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"node{Index}");

    /// <summary>The wallet whose coldkey registers this node's neurons: one operator per node.</summary>
    public string Wallet => Name;

    public bool HostsNeurons => Roles.Contains(NodeRole.Miner) || Roles.Contains(NodeRole.Validator);
}

/// <summary>
/// How <c>up</c> lays a local cluster out on loopback (pure, so it is tested without processes): node 0 is the ledger
/// node and the seed; with two nodes the validators share the ledger's node and node 1 serves every miner; with more,
/// node 1 hosts the validators and the miners are spread evenly over the rest (the first nodes take the remainder).
/// </summary>
internal sealed record LocalClusterPlan(IReadOnlyList<PlannedNode> Nodes)
{
    /// <exception cref="ArgumentException">A layout that cannot be laid out; the message says why.</exception>
    public static LocalClusterPlan Create(int nodes, int miners, int validators, int basePort)
    {
        if (nodes < 2) throw new ArgumentException($"--nodes {nodes}: a local cluster needs at least 2 nodes (the ledger's and one for the miners).");
        if (nodes > 64) throw new ArgumentException($"--nodes {nodes}: at most 64 on one machine.");
        if (miners < 1) throw new ArgumentException($"--miners {miners}: at least one miner.");
        if (validators < 1) throw new ArgumentException($"--validators {validators}: at least one validator.");
        if (basePort is < 1 or > 65535 - 64) throw new ArgumentException($"--base-port {basePort} leaves no room for {nodes} ports below 65536.");
        var minerNodes = nodes == 2 ? 1 : nodes - 2;
        if (miners < minerNodes) throw new ArgumentException($"--miners {miners} cannot fill {minerNodes} miner nodes: use fewer --nodes or more --miners.");
        if (miners > 256 * minerNodes || validators > 256) throw new ArgumentException("At most 256 neurons per role and node.");

        var planned = new List<PlannedNode>
        {
            nodes == 2
                ? new PlannedNode(0, basePort, [NodeRole.Ledger, NodeRole.Validator], validators)
                : new PlannedNode(0, basePort, [NodeRole.Ledger], 0),
        };
        if (nodes > 2) planned.Add(new PlannedNode(1, basePort + 1, [NodeRole.Validator], validators));
        for (var k = 0; k < minerNodes; k++)
        {
            var share = (miners / minerNodes) + (k < miners % minerNodes ? 1 : 0);
            var index = planned.Count;
            planned.Add(new PlannedNode(index, basePort + index, [NodeRole.Miner], share));
        }

        return new LocalClusterPlan(planned);
    }

    /// <summary>The seed node every other node joins: node 0.</summary>
    public string SeedAddress => Address(Nodes[0]);

    /// <summary>The cluster address <paramref name="node"/> listens at.</summary>
    public string Address(PlannedNode node) => string.Create(CultureInfo.InvariantCulture, $"akka.tcp://{NodeOptions.SystemName}@{NodeOptions.DefaultHost}:{node.Port}");
}
