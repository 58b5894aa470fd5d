using System.Globalization;
using Bittensor.Runtime.Tests.Processes;
using Bittensor.Runtime.Launcher;
using Xunit.Abstractions;

namespace Bittensor.Runtime.Tests.Faults;

/// <summary>
/// A whole cluster restarted on the same data, with a real process: a ledger node stopped with SIGTERM leaves the
/// cluster, exits 0 and prints <c>node stopped</c>; started again on the same <c>--data</c> it recovers the chain at
/// the last block it logged, with the same state hash, and goes on from the next block rather than from 0.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class LedgerRestartSpecs(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BlockTime = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly LedgerProcesses _processes = new(output, BlockTime);

    public void Dispose() => _processes.Dispose();

    [Fact]
    public async Task A_ledger_node_stopped_with_SIGTERM_and_started_again_should_resume_at_the_next_block()
    {
        var cluster = _processes.Cluster;
        var first = cluster.StartNode();
        await first.Log.WaitForAsync(LedgerProcessCluster.BlockLine(), Wait, accept: m => Block(m) >= 10);

        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(Wait));
        Assert.Contains(first.Log.Lines, l => l.Text == "node stopped");
        var (lastBlock, lastHash) = LedgerProcessCluster.LastBlock(first)!.Value;
        Assert.True(lastBlock >= 10);

        var second = cluster.StartNode();
        var (_, recovered) = await second.Log.WaitForAsync(LedgerProcessCluster.RecoveredLine(), Wait);
        var (_, next) = await second.Log.WaitForAsync(LedgerProcessCluster.BlockLine(), Wait);
        output.WriteLine($"stopped after block {lastBlock} {lastHash}; restarted at block {Block(recovered)} {recovered.Groups[2].Value}, then block {Block(next)}");
        Assert.Equal(lastBlock, Block(recovered));
        Assert.Equal(lastHash, recovered.Groups[2].Value);
        Assert.Equal(lastBlock + 1, Block(next));
    }

    private static ulong Block(System.Text.RegularExpressions.Match match) => ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
}
