using System.CommandLine;
using Bittensor.Runtime.Bench;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// <c>bench failover</c>: timings of a cluster of ledger node processes (this runtime, started as children) that loses
/// its singleton's host. The engine's benchmarks, which need no node process, are the simulator's <c>bench</c>.
/// </summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks of node processes (timings, not tests).") { CreateFailover() };

    /// <summary><c>bench failover</c>: ledger node processes on loopback; cluster start-up, and a crash of the singleton's host to the next block.</summary>
    private static Command CreateFailover()
    {
        var nodes = new Option<int>("--nodes") { Description = "ledger node processes (keep-majority needs 3 for one to crash)", DefaultValueFactory = _ => 3 };
        var repeats = new Option<int>("--repeats") { Description = "clusters started and crashed, each on a fresh data folder", DefaultValueFactory = _ => 3 };
        var blockTime = new Option<string>("--block-time") { Description = "the ledger's block time: 200ms, 1s, ...", DefaultValueFactory = _ => "200ms" };
        var failover = new Command("failover",
            "Start ledger nodes as real processes (this runtime's node --roles ledger, free loopback ports, one temporary "
            + "SQLite journal) and time from their logs: starting the processes to the first block (first_block) and to "
            + "every node Up (all_up), then kill -9 of the singleton's host to the first block a surviving node produces "
            + "(kill_to_block). Prints failover figure=... nodes=... block_ms=... repeats=... median_s=... min_s=... max_s=... "
            + "per figure; each repeat's times on standard error.")
        {
            nodes, repeats, blockTime,
        };
        failover.SetAction(async (parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var count = parse.GetValue(nodes);
            var times = parse.GetValue(repeats);
            if (count is < 3 or > 9 || times is < 1 or > 100)
            {
                error.WriteLine($"bench failover: --nodes must be between 3 and 9 (a crash must leave a majority) and --repeats between 1 and 100; got {count} and {times}.");
                return ExitCodes.BadArguments;
            }
            TimeSpan block;
            try
            {
                block = NodeOptions.ParseBlockTime(parse.GetValue(blockTime) ?? "");
            }
            catch (ArgumentException)
            {
                block = TimeSpan.Zero;
            }
            if (block < TimeSpan.FromMilliseconds(10))
            {
                error.WriteLine($"bench failover: --block-time must be a duration of at least 10ms (200ms, 1s); got '{parse.GetValue(blockTime)}'.");
                return ExitCodes.BadArguments;
            }
            var figures = await FailoverBenchmark.MeasureAsync(count, times, block, line => error.WriteLine(line)).ConfigureAwait(false);
            foreach (var figure in figures) output.WriteLine(figure.ToLine());
            return ExitCodes.Ok;
        });
        return failover;
    }
}
