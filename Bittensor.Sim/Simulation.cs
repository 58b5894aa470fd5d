using System.Diagnostics;
using Bittensor.Ledger;
using Bittensor.Models;
using Bittensor.Sim.Network;
using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim;

/// <summary>
/// Runs a simulation: builds the scenario's network, then drives the block clock itself (produce a block, wait until
/// every validator has stepped at it, then the next: no wall clock or timer decides anything inside the
/// simulation), records the metagraph at the end of every epoch, and returns the run for the writers.
/// </summary>
public static class Simulation
{
    /// <summary>
    /// What the simulation sets on its subnet before the scenario's and the user's values: the tempo, weights by
    /// <c>set_weights</c> (the simulated validators do not commit and reveal), a rate limit no stricter than a tempo,
    /// and room to register every peer at genesis.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> GenesisHyperparameters(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            ("tempo", $"{options.Tempo}"),
            ("commit_reveal_enabled", "false"),
            ("weights_rate_limit", $"{Math.Min(100, options.Tempo)}"),
            ("max_regs_per_block", $"{Math.Min(ushort.MaxValue, options.Peers + 1)}"),
            ("max_allowed_uids", $"{Math.Max(256, options.Peers)}"),
        ];
    }

    /// <summary>The task validators set: small in economic fidelity (microsecond targets), the default size in neural.</summary>
    public static TeacherTask Task(SimulationOptions options) =>
        options.Fidelity == Fidelity.Economic
            ? new TeacherTask(options.Seed, vocabulary: 64, sequenceLength: 4, hiddenSize: 8)
            : new TeacherTask(options.Seed);

    /// <summary>Runs <paramref name="options"/>; <paramref name="progress"/> hears of every block (block, total blocks, epoch).</summary>
    public static async Task<SimulationRun> RunAsync(
        SimulationOptions options, IReadOnlyDictionary<string, string> arguments, Action<ulong, ulong, int>? progress = null,
        TorchSharp.torch.Device? device = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scenario = ScenarioCatalog.Find(options.Scenario)
            ?? throw new ArgumentException($"Unknown scenario '{options.Scenario}'. Known: {ScenarioCatalog.Names}.", nameof(options));
        return await RunAsync(options, scenario, arguments, progress, device, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> itself rather than the catalog's scenario of that name: an experiment on a
    /// scenario's parameters (a cabal's stake share, say) builds the instance it wants. <paramref name="options"/>'s
    /// <see cref="SimulationOptions.Scenario"/> is not read.
    /// </summary>
    public static async Task<SimulationRun> RunAsync(
        SimulationOptions options, IScenario scenario, IReadOnlyDictionary<string, string> arguments, Action<ulong, ulong, int>? progress = null,
        TorchSharp.torch.Device? device = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(arguments);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        if (options.Fidelity == Fidelity.Neural)
        {
            // Parallelism comes from the many miners and validators running at once; libtorch's own intra-op threads
            // on top of them only oversubscribe the cores.
            TorchSharp.torch.set_num_threads(1);
        }

        var clock = Stopwatch.StartNew();
        var plan = scenario.Plan(options, new Random(options.Seed));
        var hyperparameters = GenesisHyperparameters(options).Concat(plan.Hyperparameters).Concat(options.Hyperparameters).ToList();
        var rules = hyperparameters.Aggregate(SubnetHyperparameters.Default, (h, p) =>
            h.With(p.Name, p.Value) is ({ } changed, null) ? changed : throw new ArgumentException($"{p.Name}={p.Value} is not a valid hyperparameter.", nameof(options)));
        var peers = Peers(plan);
        var rows = new List<MetagraphRow>();

        await using (var network = await SimulatedNetwork.StartAsync(
                         options, plan, Task(options), hyperparameters, rules, PeerKeys.Coldkey(options.Seed, "owner"), device ?? TorchSharp.torch.CPU))
        {
            var later = plan.Later.OrderBy(m => m.Block).ToList();
            var byHotkey = peers.ToDictionary(p => p.Hotkey);
            for (ulong block = 1; block <= options.Blocks; block++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var scheduled in later.Where(m => m.Block == block))
                {
                    await network.AddMinerAsync(scheduled.Miner);
                    var info = Peer(peers.Count, scheduled.Miner);
                    peers.Add(info);
                    byHotkey[info.Hotkey] = info;
                }

                var produced = await network.AdvanceAsync();
                var metagraph = await network.AwaitBlockAsync(produced);
                var epoch = (int)(block / (ulong)options.Tempo);
                if (block % (ulong)options.Tempo == 0)
                {
                    rows.AddRange(Rows(epoch, metagraph, byHotkey));
                }

                progress?.Invoke(block, options.Blocks, epoch);
            }
        }

        var sortedArguments = new SortedDictionary<string, string>(arguments.ToDictionary(), StringComparer.Ordinal);
        var effective = SubnetHyperparameters.Names.ToDictionary(name => name, name => rules.Get(name) ?? "");
        return new SimulationRun(sortedArguments, new SortedDictionary<string, string>(effective, StringComparer.Ordinal), options.Seed, peers, rows, options.Blocks, clock.Elapsed.TotalSeconds);
    }

    private static List<PeerInfo> Peers(NetworkPlan plan)
    {
        var peers = plan.Validators
            .Select((v, k) => new PeerInfo(k, v.Hotkey.Address.ToString(), v.Coldkey, PeerRole.Validator, v.Class, double.NaN, v.StakeRao))
            .ToList();
        peers.AddRange(plan.Miners.Select((m, k) => Peer(plan.Validators.Count + k, m)));
        return peers;
    }

    private static PeerInfo Peer(int index, MinerPlan miner) =>
        new(index, miner.Hotkey.Address.ToString(), miner.Coldkey, PeerRole.Miner, miner.Class, miner.Quality, 0);

    private static IEnumerable<MetagraphRow> Rows(int epoch, Metagraph metagraph, Dictionary<string, PeerInfo> peers) =>
        metagraph.Neurons.Select(n =>
        {
            var peer = peers.GetValueOrDefault(n.Hotkey);
            return new MetagraphRow(
                epoch, metagraph.Block, metagraph.NetUid, n.Uid, n.Hotkey, peer?.Role ?? PeerRole.Miner, peer?.Class ?? "unknown",
                peer?.TrueQuality ?? double.NaN, n.StakeRao, n.Consensus, n.Incentive, n.Dividends, n.EmissionRao,
                n.ValidatorTrust, n.ValidatorPermit, n.Active);
        });
}
