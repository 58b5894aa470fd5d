using Akka.Actor;
using DistributedPubSub = Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub;
using SubscribeAck = Akka.Cluster.Tools.PublishSubscribe.SubscribeAck;
using TopicSubscribe = Akka.Cluster.Tools.PublishSubscribe.Subscribe;
using Akka.Configuration;
using Bittensor.Ledger;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Node;

/// <summary>
/// Two ledger nodes in this process, joined over loopback (engineering-notes.md §5.6): the singleton runs on the
/// oldest, the proxy on the other reaches it, blocks are produced every 100 ms and reach a subscriber, and when
/// the oldest leaves the ledger moves, goes on from the persisted chain, and a pub-sub subscriber keeps receiving.
/// </summary>
public sealed class LedgerSingletonSpecs : IDisposable
{
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly Config Fast = ConfigurationFactory.ParseString(FastCluster.Hocon);

    private readonly List<TempFolder> _folders = [];
    private readonly List<LedgerNode> _nodes = [];

    public void Dispose()
    {
        // One after the other: two members leaving at once wait out the cluster-exiting phase (§5.3).
        foreach (var node in _nodes) node.System.Terminate().Wait(Wait);
        foreach (var folder in _folders) folder.Dispose();
    }

    [Fact]
    public async Task A_proxy_on_another_node_should_reach_the_ledger_and_its_blocks()
    {
        var first = Start(NewFolder(), seed: null);
        var second = Start(NewFolder(), seed: first);

        var start = await second.Ledger.Ask<StateHashResult>(GetStateHash.Instance, Wait);
        var later = await LedgerWaits.UntilAsync(second, s => s.Block >= start.Block + 3, Wait);
        Assert.False(string.IsNullOrEmpty(later.StateHash));

        var inbox = Inbox.Create(second.System);
        second.Ledger.Tell(new Subscribe(inbox.Receiver));
        // The confirmation (the current block), then blocks as they are produced.
        var confirmed = Assert.IsType<BlockProduced>(await inbox.ReceiveAsync(Wait));
        var next = Assert.IsType<BlockProduced>(await inbox.ReceiveAsync(Wait));
        Assert.Equal(confirmed.Block + 1, next.Block);
    }

    [Fact]
    public async Task When_the_oldest_ledger_node_leaves_the_singleton_should_move_and_go_on_from_the_persisted_block()
    {
        // A real failover needs a store both nodes reach; here one SQLite file, opened by one writer at a time.
        var shared = NewFolder();
        var first = Start(shared, seed: null);
        var second = Start(shared, seed: first);

        var blocks = Inbox.Create(second.System);
        blocks.Send(DistributedPubSub.Get(second.System).Mediator, new TopicSubscribe(LedgerTopics.Blocks, blocks.Receiver));
        Assert.IsType<SubscribeAck>(await blocks.ReceiveAsync(Wait));
        // The subscription reaches the publishing node by gossip; from then on every block arrives.
        Assert.IsType<BlockProduced>(await blocks.ReceiveAsync(Wait));

        await LedgerWaits.UntilAsync(second, s => s.Block >= 3, Wait);
        var acknowledged = (await second.Ledger.Ask<StateHashResult>(GetStateHash.Instance, Wait)).Block;

        await CoordinatedShutdown.Get(first.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await first.System.WhenTerminated.WaitAsync(Wait);

        // The ledger answers from the second node now, never behind what it had acknowledged, and produces on.
        var moved = await LedgerWaits.UntilAsync(second, s => s.Block > acknowledged, Wait);
        Assert.True(moved.Block > acknowledged);
        // A local selection resolves only when the singleton runs in this system.
        await second.System.ActorSelection($"/user/{LedgerSingleton.ManagerName}/singleton").ResolveOne(Wait);
        // The topic subscription outlives the move: blocks published by the new host arrive beyond the acknowledged one.
        var deadline = DateTime.UtcNow + Wait;
        BlockProduced published;
        do published = Assert.IsType<BlockProduced>(await blocks.ReceiveAsync(Wait));
        while (published.Block <= moved.Block && DateTime.UtcNow < deadline);
        Assert.True(published.Block > moved.Block, $"published block {published.Block}, ledger at {moved.Block}");
        var status = await second.Ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Wait);
        Assert.True(status.EventsReplayed >= (long)acknowledged, $"replayed {status.EventsReplayed} events, acknowledged block {acknowledged}");
    }

    private TempFolder NewFolder()
    {
        var folder = new TempFolder();
        _folders.Add(folder);
        return folder;
    }

    private LedgerNode Start(TempFolder data, LedgerNode? seed)
    {
        var options = NodeOptions.Create([NodeRole.Ledger], port: 0, seedNodes: seed is null ? [] : [seed.Address.ToString()],
            dataDirectory: data.Path, blockTime: BlockTime);
        var node = LedgerNode.Start(options, Fast);
        _nodes.Add(node);
        return node;
    }
}
