using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Models;
using Bittensor.Runtime.Client;
using Bittensor.Runtime.Launcher;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// <c>up --nodes 3 --miners 8 --validators 2 [--blocks N] [--block-time 250ms] [--base-port 4053] [--data DIR]</c>: a
/// local cluster of <c>node</c> processes on loopback (<see cref="LocalClusterPlan"/>), set up through the ledger's
/// own commands (<see cref="LocalGenesis"/>), with a progress line every epoch. At <c>--blocks</c> it prints the
/// metagraph and stops every node; without it, it runs until Ctrl-C, so the client commands can be used against it
/// from another terminal. A node that dies stops the others, with the end of its log, and exit code 1.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Node processes: the ledger's, then validators' and miners' nodes.", DefaultValueFactory = _ => 3 };
        var miners = new Option<int>("--miners") { Description = "Miners in all.", DefaultValueFactory = _ => 8 };
        var validators = new Option<int>("--validators") { Description = "Validators in all.", DefaultValueFactory = _ => 2 };
        var blocks = new Option<ulong?>("--blocks") { Description = "Stop after this block, printing the metagraph; none: run until Ctrl-C." };
        var blockTime = new Option<string>("--block-time") { Description = "Time between blocks: 250ms, 12s, or seconds.", DefaultValueFactory = _ => "250ms" };
        var basePort = new Option<int>("--base-port") { Description = "Node k listens on this port + k.", DefaultValueFactory = _ => NodeOptions.DefaultPort };
        var data = new Option<string>("--data") { Description = "Folder of the ledger's database, the wallets and each node's log.", DefaultValueFactory = _ => "up-data" };
        var tempo = new Option<int>("--tempo") { Description = "Blocks between two epochs of the subnet.", DefaultValueFactory = _ => 20 };
        var device = new Option<string>("--device") { Description = "Where the miners' models run.", HelpName = string.Join('|', TorchDevice.Names), DefaultValueFactory = _ => TorchDevice.Auto };
        device.AcceptOnlyFromAmong([.. TorchDevice.Names]);

        var command = new Command("up", "Start a local cluster of node processes on loopback: a ledger, validators and miners on a fresh subnet.");
        foreach (var option in new Option[] { nodes, miners, validators, blocks, blockTime, basePort, data, tempo, device })
            command.Options.Add(option);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            LocalClusterPlan plan;
            TimeSpan time;
            try
            {
                plan = LocalClusterPlan.Create(parseResult.GetValue(nodes), parseResult.GetValue(miners), parseResult.GetValue(validators), parseResult.GetValue(basePort));
                time = NodeOptions.ParseBlockTime(parseResult.GetValue(blockTime) ?? "250ms");
                if (parseResult.GetValue(tempo) is < 2 or > 10_000) throw new ArgumentException($"--tempo {parseResult.GetValue(tempo)} is outside 2-10000 blocks.");
            }
            catch (ArgumentException ex)
            {
                error.WriteLine(ex.Message);
                return Task.FromResult(ExitCodes.BadArguments);
            }

            var settings = new LocalClusterSettings(Path.GetFullPath(parseResult.GetValue(data) ?? "up-data"), time,
                parseResult.GetValue(tempo), parseResult.GetValue(device) ?? TorchDevice.Auto);
            return RunAsync(plan, settings, parseResult.GetValue(blocks), output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(LocalClusterPlan plan, LocalClusterSettings settings, ulong? blocks, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var store = new WalletStore(settings.Wallets);
        LocalGenesis.EnsureWallets(store, plan);
        var cluster = LocalCluster.Start(plan, settings);
        try
        {
            output.WriteLine($"seed node {plan.SeedAddress}");
            output.WriteLine($"nodes: {string.Join("; ", plan.Nodes.Select(n => $"{n.Name} :{n.Port} {string.Join(",", n.Roles)}{(n.HostsNeurons ? $" x{n.Neurons}" : "")}"))}");
            output.WriteLine($"logs in {settings.Logs}, wallets in {settings.Wallets}");

            var died = cluster.AnyExited;
            // Joined only once the seed listens: a connection refused would gate the address for a while.
            await UnlessANodeExits(cluster.Nodes[0].Log.WaitForAsync(line => line.StartsWith("node akka.tcp://", StringComparison.Ordinal), TimeSpan.FromSeconds(60),
                cancellationToken: cancellationToken), died).ConfigureAwait(false);
            var client = await UnlessANodeExits(ClusterClient.ConnectAsync(NodeOptions.Client([plan.SeedAddress]), TimeSpan.FromSeconds(60)), died)
                .ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var first = await UnlessANodeExits(FirstBlockAsync(client, cancellationToken), died).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster up: block {first} after {clock.Elapsed.TotalSeconds:0.00} s"));
                var netUid = await UnlessANodeExits(LocalGenesis.RunAsync(client, store, plan, settings.Tempo), died).ConfigureAwait(false);
                output.WriteLine($"subnet {netUid} ready (tempo {settings.Tempo}); Ctrl-C stops every node");
                await UnlessANodeExits(FollowAsync(client, netUid, settings, blocks, output, cancellationToken), died).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (NodeExitedException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok; // stopped by the user, and a node with it
        }
        catch (NodeExitedException dead)
        {
            error.WriteLine($"{dead.Node.Name} exited with code {dead.Code}; stopping the others. The end of its log ({dead.Node.Log.FilePath}):");
            foreach (var line in dead.Node.Tail(20)) error.WriteLine("  " + line);
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is ClusterUnreachableException or AskTimeoutException or InvalidOperationException)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        finally
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            output.WriteLine($"stopped {cluster.Nodes.Count} nodes");
        }
    }

    /// <summary>A node of the cluster ended while <c>up</c> still needed it.</summary>
    private sealed class NodeExitedException(NodeProcess node, int code) : Exception($"{node.Name} exited with code {code}.")
    {
        public NodeProcess Node { get; } = node;

        public int Code { get; } = code;
    }

    // Whatever up waits for, a node that dies meanwhile ends the wait: nothing of it would come.
    private static async Task<T> UnlessANodeExits<T>(Task<T> work, Task<(NodeProcess Node, int Code)> died)
    {
        if (await Task.WhenAny(work, died).ConfigureAwait(false) == work) return await work.ConfigureAwait(false);
        // Let what was started finish on its own; a client that joins late leaves again.
        _ = work.ContinueWith(t => t.Result is IAsyncDisposable late ? late.DisposeAsync().AsTask() : Task.CompletedTask,
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        var (node, code) = await died.ConfigureAwait(false);
        throw new NodeExitedException(node, code);
    }

    private static async Task<ulong> FirstBlockAsync(ClusterClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = await client.AskAsync<StateHashResult>(GetStateHash.Instance).ConfigureAwait(false);
            if (state.Block >= 1) return state.Block;
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    // Polls the metagraph every block: a line per epoch, the table at --blocks (true); Ctrl-C ends it (false).
    private static async Task<bool> FollowAsync(ClusterClient client, ushort netUid, LocalClusterSettings settings, ulong? blocks, TextWriter output,
        CancellationToken cancellationToken)
    {
        ulong lastEpochLine = 0;
        (ulong Block, Stopwatch Clock)? start = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            Metagraph? graph = null;
            try
            {
                graph = (await client.AskAsync<MetagraphResult>(new GetMetagraph(netUid)).ConfigureAwait(false)).Metagraph;
            }
            catch (AskTimeoutException)
            {
                // The ledger is moving: keep following.
            }

            if (graph is not null)
            {
                start ??= (graph.Block, Stopwatch.StartNew());
                if (graph.Block >= lastEpochLine + (ulong)settings.Tempo)
                {
                    lastEpochLine = graph.Block;
                    output.WriteLine(ProgressLine(graph));
                }

                if (blocks is { } target && graph.Block >= target)
                {
                    MetagraphTable.Write(output, graph);
                    // Whether the ledger kept its block time under this load: blocks produced per second while followed.
                    var (first, clock) = start.Value;
                    var seconds = clock.Elapsed.TotalSeconds;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"blocks {first}..{graph.Block} in {seconds:0.00} s: {(graph.Block - first) / Math.Max(seconds, 1e-9):0.00} blocks/s (block time {settings.BlockTime.TotalMilliseconds:0} ms: {1 / settings.BlockTime.TotalSeconds:0.00}/s)"));
                    return true;
                }
            }

            try
            {
                await Task.Delay(settings.BlockTime, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }

    private static string ProgressLine(Metagraph graph)
    {
        var serving = graph.Neurons.Count(n => n.AxonIp is not null);
        var permits = graph.Neurons.Count(n => n.ValidatorPermit);
        var best = graph.Neurons.OrderByDescending(n => n.Incentive).FirstOrDefault();
        var top = best is null || best.Incentive == 0 ? "no incentive yet" : $"top incentive uid {best.Uid} {MetagraphTable.Unit(best.Incentive)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"block {graph.Block}: {graph.N} neurons, {serving} axons served, {permits} validator permits, {top}");
    }
}
