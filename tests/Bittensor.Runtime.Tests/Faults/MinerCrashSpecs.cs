using System.Diagnostics;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Client;
using Bittensor.Runtime.Launcher;
using Bittensor.Runtime.Node;
using Bittensor.Runtime.Tests.Processes;
using Xunit.Abstractions;

namespace Bittensor.Runtime.Tests.Faults;

/// <summary>
/// A miner node killed with SIGKILL in a cluster of real <c>node</c> processes on loopback (a ledger node, a validator
/// node, two miner nodes, laid out and set up as <c>up</c> does): the validator records timeouts for the dead miner's
/// uid and carries on setting weights, and the dead uid stops earning while the live miner keeps its incentive.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class MinerCrashSpecs(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempFolder _data = new();
    private LocalCluster? _cluster;
    private ClusterClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_killed_miner_should_time_out_for_the_validator_and_stop_earning_while_the_rest_go_on()
    {
        var plan = LocalClusterPlan.Create(nodes: 4, miners: 2, validators: 1, basePort: FreePort.Range(4));
        // A quick score average, so a dead miner's weight reaches zero within seconds; little training, so start-up is quick.
        var settings = new LocalClusterSettings(_data.Path, TimeSpan.FromMilliseconds(200), Tempo: 10, Device: "cpu", ScoreAlpha: 0.5, TrainSteps: 20);
        var store = new WalletStore(settings.Wallets, Argon2Settings.Fast);
        LocalGenesis.EnsureWallets(store, plan);
        _cluster = LocalCluster.Start(plan, settings);
        var (validatorNode, victim, survivor) = (_cluster.Nodes[1], _cluster.Nodes[3], _cluster.Nodes[2]);

        _client = await ClusterClient.ConnectAsync(NodeOptions.Client([plan.SeedAddress]), TimeSpan.FromSeconds(60));
        var netUid = await LocalGenesis.RunAsync(_client, store, plan, settings.Tempo);
        var victimColdkey = store.Open(plan.Nodes[3].Wallet).ColdkeyAddress.ToString();
        var survivorColdkey = store.Open(plan.Nodes[2].Wallet).ColdkeyAddress.ToString();

        // Both miners earn before the crash.
        var before = await UntilAsync(netUid, g => Incentive(g, victimColdkey) > 0 && Incentive(g, survivorColdkey) > 0);
        var deadUid = before.Neurons.Single(n => n.Coldkey == victimColdkey).Uid;
        log.WriteLine($"before the crash, block {before.Block}: dead-to-be uid {deadUid} incentive {Incentive(before, victimColdkey)}, survivor {Incentive(before, survivorColdkey)}");

        var timeout = validatorNode.Log.WaitForAsync(line => line.Contains($"uid {deadUid} ", StringComparison.Ordinal) && line.Contains("Timeout", StringComparison.Ordinal), Patience, validatorNode.Log.Count);
        var clock = Stopwatch.StartNew();
        victim.Kill();
        log.WriteLine($"validator: {(await timeout).Text} ({clock.Elapsed.TotalSeconds:0.0} s after the kill)");

        var after = await UntilAsync(netUid, g => Incentive(g, victimColdkey) == 0 && g.Block > before.Block);
        log.WriteLine($"dead uid {deadUid} earns nothing from block {after.Block}, {clock.Elapsed.TotalSeconds:0.0} s after the kill");
        Assert.True(Incentive(after, survivorColdkey) > 0, "the live miner should keep earning");
        // The validator carries on: it sets weights after the dead uid stopped earning.
        await validatorNode.Log.WaitForAsync(line => line.Contains("weights set", StringComparison.Ordinal), Patience, validatorNode.Log.Count);
        Assert.All(_cluster.Nodes.Where(n => n != victim), n => Assert.False(n.Exited.IsCompleted, $"{n.Name} exited"));
    }

    private static ushort Incentive(Metagraph graph, string coldkey) => graph.Neurons.Single(n => n.Coldkey == coldkey).Incentive;

    private async Task<Metagraph> UntilAsync(ushort netUid, Func<Metagraph, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        Metagraph? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await _client!.AskAsync<MetagraphResult>(new GetMetagraph(netUid))).Metagraph;
            if (last is not null && last.Neurons.Count == 3 && condition(last)) return last;
            await Task.Delay(100);
        }

        throw new TimeoutException($"The metagraph did not reach the expected state within {Patience}; last at block {last?.Block}: " +
            string.Join(", ", last?.Neurons.Select(n => $"uid {n.Uid} incentive {n.Incentive}") ?? []));
    }
}
