using Bittensor.Runtime.Launcher;

namespace Bittensor.Runtime.Tests.Launcher;

/// <summary>
/// <c>up</c> as the README runs it, through the CLI's entry point: node processes on loopback, genesis, the metagraph
/// at <c>--blocks</c> with a miner earning, and every node stopped; and its refusals of impossible layouts.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class UpCommandSpecs
{
    [Fact]
    public void Up_should_run_a_cluster_to_the_given_block_print_the_metagraph_and_stop_every_node()
    {
        using var data = new TempFolder();
        var basePort = FreePort.Range(2);
        var result = RuntimeCli.Run("up", "--nodes", "2", "--miners", "2", "--validators", "1", "--blocks", "60", "--block-time", "200ms",
            "--tempo", "10", "--device", "cpu", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"seed node akka.tcp://bittensor@127.0.0.1:{basePort}", result.Output, StringComparison.Ordinal);
        Assert.Contains("cluster up: block", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"subnet 1 at block \d+: 3 neurons", result.Output);
        Assert.Contains("stopped 2 nodes", result.Output, StringComparison.Ordinal);
        // The table's rows: three uids, and at least one with incentive (a miner the validator weighted).
        var rows = result.Output.Split('\n').SkipWhile(l => !l.StartsWith("UID", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4] != "0.0000");
        Assert.True(File.Exists(Path.Combine(data.Path, "logs", "node1.log")));
    }

    [Fact]
    public void A_node_that_dies_should_stop_the_others_and_show_the_end_of_its_log()
    {
        using var data = new TempFolder();
        var basePort = FreePort.Range(2);
        // The miners' node cannot listen: its port is taken.
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, basePort + 1);
        taken.Start();
        try
        {
            var result = RuntimeCli.Run("up", "--nodes", "2", "--miners", "1", "--validators", "1", "--blocks", "1000", "--block-time", "200ms",
                "--device", "cpu", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data.Path);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("node1 exited with code 1; stopping the others", result.Error, StringComparison.Ordinal);
            Assert.Contains($"cannot listen on 127.0.0.1:{basePort + 1}", result.Error, StringComparison.Ordinal);
            Assert.Contains("stopped 2 nodes", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void An_impossible_layout_should_exit_with_2_before_any_process_starts()
    {
        var result = RuntimeCli.Run("up", "--nodes", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--nodes 1", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }
}
