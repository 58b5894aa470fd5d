using System.Globalization;
using Bittensor.Runtime.Launcher;

namespace Bittensor.Runtime.Bench;

/// <summary>
/// <c>bench failover</c>: a cluster of ledger nodes as real processes on loopback (<see cref="LedgerProcessCluster"/>,
/// free ports, a fresh temporary data folder per repeat), timed from its logs: starting the processes to the first
/// block (<c>first_block</c>) and to every node Up (<c>all_up</c>), then a SIGKILL of the singleton's host to the first
/// block a surviving node produces (<c>kill_to_block</c>).
/// </summary>
internal static class FailoverBenchmark
{
    /// <summary>How long each phase may take before the repeat fails.</summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);

    public static async Task<IReadOnlyList<FailoverFigure>> MeasureAsync(int nodes, int repeats, TimeSpan blockTime,
        Action<string>? progress = null)
    {
        var firstBlock = new List<TimeSpan>();
        var allUp = new List<TimeSpan>();
        var failover = new List<TimeSpan>();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var data = Path.Combine(Path.GetTempPath(), "bittensor-bench-failover-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(data);
            try
            {
                using var cluster = new LedgerProcessCluster(data, blockTime);
                try
                {
                    var start = await cluster.StartAsync(nodes, PhaseTimeout).ConfigureAwait(false);
                    // A few blocks on the formed cluster, so the crash hits a ledger in its stride.
                    var (block, _) = LedgerProcessCluster.LastBlock(start.First)!.Value;
                    await start.First.Log.WaitForAsync(LedgerProcessCluster.BlockLine(), PhaseTimeout, 0,
                        m => ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= block + 5).ConfigureAwait(false);
                    var crash = await cluster.KillHostAsync(PhaseTimeout).ConfigureAwait(false);
                    firstBlock.Add(start.FirstBlock);
                    allUp.Add(start.AllUp);
                    failover.Add(crash.Elapsed);
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"repeat {repeat + 1}/{repeats}: first block {start.FirstBlock.TotalSeconds:F2} s, all up {start.AllUp.TotalSeconds:F2} s, "
                        + $"killed {crash.Killed.Name} after block {crash.LastBlock}, block {crash.FirstNewBlock} on {crash.NewHost.Name} {crash.Elapsed.TotalSeconds:F2} s later"));
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{e.Message}{Environment.NewLine}{cluster.Tails()}", e);
                }
            }
            finally
            {
                TryDelete(data);
            }
        }
        return
        [
            new FailoverFigure("first_block", nodes, blockTime, firstBlock),
            new FailoverFigure("all_up", nodes, blockTime, allUp),
            new FailoverFigure("kill_to_block", nodes, blockTime, failover),
        ];
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is no reason to fail the bench.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
