using System.Globalization;
using Bittensor.Runtime.Tests.Processes;
using Bittensor.Runtime.Launcher;
using Xunit.Abstractions;

namespace Bittensor.Runtime.Tests.Faults;

/// <summary>
/// A graceful stop of the ledger singleton's host, with real processes: SIGTERM makes it leave the cluster, which
/// hands the singleton over to the other ledger node; the block in flight is persisted first, so the new host starts
/// at the last block the old one logged, with the same hash, and produces the next one. No block is lost or repeated.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LedgerHandoverSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly LedgerProcesses _processes = new(output, BlockTime);

    public void Dispose() => _processes.Dispose();

    [Fact]
    public async Task SIGTERM_on_the_singletons_host_should_hand_the_ledger_over_without_losing_a_block()
    {
        var cluster = _processes.Cluster;
        var start = await cluster.StartAsync(2, Wait);
        var host = start.First;
        var other = cluster.Nodes[1];
        var (atStart, _) = LedgerProcessCluster.LastBlock(host)!.Value;
        await host.Log.WaitForAsync(LedgerProcessCluster.BlockLine(), Wait, accept: m => Block(m) >= atStart + 5);

        var from = other.Log.Count;
        var stopped = System.Diagnostics.Stopwatch.GetTimestamp();
        host.Terminate();
        Assert.Equal(0, await host.WaitForExitAsync(Wait));
        Assert.Contains(host.Log.Lines, l => l.Text == "node stopped");
        var (lastBlock, lastHash) = LedgerProcessCluster.LastBlock(host)!.Value;

        var (_, recovered) = await other.Log.WaitForAsync(LedgerProcessCluster.RecoveredLine(), Wait, from);
        var (nextLine, next) = await other.Log.WaitForAsync(LedgerProcessCluster.BlockLine(), Wait, from);
        output.WriteLine($"{host.Name} stopped after block {lastBlock}; {other.Name} took over at block {Block(recovered)} and produced block "
            + $"{Block(next)} {System.Diagnostics.Stopwatch.GetElapsedTime(stopped, nextLine.Timestamp).TotalSeconds:F2} s after the SIGTERM");
        Assert.Equal(lastBlock, Block(recovered));
        Assert.Equal(lastHash, recovered.Groups[2].Value);
        Assert.Equal(lastBlock + 1, Block(next));
    }

    private static ulong Block(System.Text.RegularExpressions.Match match) => ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
}
