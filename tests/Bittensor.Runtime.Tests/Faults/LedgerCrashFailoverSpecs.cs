using System.Globalization;
using System.Text.RegularExpressions;
using Bittensor.Ledger;
using Bittensor.Runtime.Client;
using Bittensor.Runtime.Node;
using Bittensor.Runtime.Tests.Processes;
using Bittensor.Runtime.Launcher;
using Xunit.Abstractions;

namespace Bittensor.Runtime.Tests.Faults;

/// <summary>
/// A crash of the ledger singleton's host, with real processes on loopback: three ledger nodes (keep-majority needs
/// two of three to survive one crash) share one SQLite journal; commands are acknowledged through an in-process
/// client, the oldest node is killed with SIGKILL, and a survivor takes the singleton over, recovers every
/// acknowledged command from the journal and goes on producing blocks.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class LedgerCrashFailoverSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(200);

    // Functional bounds only: the aim (under 10 s from the crash to the next block) is measured and written out,
    // not asserted, on a machine shared with other work.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(30);

    private const ulong EndowmentRao = 200_000_000_000;

    private readonly LedgerProcesses _processes = new(output, BlockTime, faucetTao: 1000);

    public void Dispose() => _processes.Dispose();

    [Fact]
    public async Task When_the_singletons_host_is_killed_a_survivor_should_take_over_with_every_acknowledged_command()
    {
        var cluster = _processes.Cluster;
        var start = await cluster.StartAsync(3, Wait);
        output.WriteLine($"first block {start.FirstBlock.TotalSeconds:F2} s after starting the processes, all up at {start.AllUp.TotalSeconds:F2} s");
        Assert.Same(start.First, cluster.Host());

        // Acknowledged commands: each coldkey endowed, then a subnet created with that endowment.
        var acknowledged = new List<(string Coldkey, ushort NetUid)>();
        var beforeClient = cluster.Nodes.ToDictionary(n => n, n => n.Log.Count);
        await using (var client = await ClusterClient.ConnectAsync(NodeOptions.Client(cluster.Nodes.Select(n => n.Address!)), Wait))
        {
            for (var i = 0; i < 5; i++)
            {
                var coldkey = "fault-coldkey-" + i.ToString(CultureInfo.InvariantCulture);
                var endowed = await client.SubmitAsync(new Endow(coldkey, EndowmentRao));
                Assert.True(endowed.Outcome.Accepted, endowed.ToString());
                var created = await client.SubmitAsync(new CreateSubnet(coldkey));
                Assert.True(created.Outcome.Accepted, created.ToString());
                acknowledged.Add((coldkey, (ushort)Assert.IsType<int>(created.Outcome.Uid)));
            }
        }

        // The client has left; once both other ledger nodes have seen it removed (their singleton managers log it),
        // the crash is the only change the cluster sees.
        foreach (var node in cluster.Nodes.Skip(1))
            await node.Log.WaitForAsync(MemberRemoved(), Wait, beforeClient[node]);

        var crash = await cluster.KillHostAsync(FailoverTimeout);
        output.WriteLine($"killed {crash.Killed} after block {crash.LastBlock}; block {crash.FirstNewBlock} on {crash.NewHost} "
            + $"{crash.Elapsed.TotalSeconds:F2} s after the kill");
        Assert.Same(start.First, crash.Killed);
        Assert.NotSame(crash.Killed, crash.NewHost);
        Assert.True(crash.FirstNewBlock > crash.LastBlock);

        // The new host recovered the chain from the journal: never behind the last block the old host logged (that
        // block was persisted before it was logged), and at that very state when it stopped there.
        var (recoveredLine, recovered) = await crash.NewHost.Log.WaitForAsync(LedgerProcessCluster.RecoveredLine(), Wait, crash.NewHostLogFrom);
        var recoveredBlock = ulong.Parse(recovered.Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"{crash.NewHost.Name}: {recoveredLine.Text}");
        Assert.True(recoveredBlock >= crash.LastBlock, $"recovered at block {recoveredBlock}, the killed host had logged block {crash.LastBlock}");
        if (recoveredBlock == crash.LastBlock) Assert.Equal(crash.LastHash, recovered.Groups[2].Value);

        // None of the acknowledged commands is lost, and the chain goes on past the crash.
        var survivors = cluster.Running.Select(n => n.Address!).ToList();
        Assert.Equal(2, survivors.Count);
        await using (var client = await ClusterClient.ConnectAsync(NodeOptions.Client(survivors), Wait))
        {
            foreach (var (coldkey, netUid) in acknowledged)
            {
                var metagraph = await client.AskAsync<MetagraphResult>(new GetMetagraph(netUid));
                Assert.True(metagraph.Metagraph is not null, $"subnet {netUid} of {coldkey}, acknowledged before the crash, is gone");
            }
            var state = await client.AskAsync<StateHashResult>(GetStateHash.Instance);
            Assert.True(state.Block >= crash.FirstNewBlock, $"ledger at block {state.Block}, first block after the crash {crash.FirstNewBlock}");
            var status = await client.AskAsync<PersistenceStatus>(GetPersistenceStatus.Instance);
            output.WriteLine($"recovery: {status}");
            // No snapshot this early: every block and every acknowledged command was replayed from the journal.
            Assert.Null(status.RecoveredFromSnapshotBlock);
            Assert.True(status.EventsReplayed >= (long)crash.LastBlock + (2 * acknowledged.Count),
                $"replayed {status.EventsReplayed} events; {crash.LastBlock} blocks and {2 * acknowledged.Count} commands were acknowledged");
        }
    }

    // A ledger node's ClusterSingletonManager, when a member is removed: "Member removed [akka.tcp://...]".
    [GeneratedRegex(@"\] Member removed \[")]
    private static partial Regex MemberRemoved();
}
