using System.Globalization;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Launcher;

/// <summary>How the nodes of a <see cref="LocalCluster"/> run.</summary>
/// <param name="Data">Folder of the ledger's database (<c>ledger/</c>), the wallets (<c>wallets/</c>) and the logs (<c>logs/</c>).</param>
/// <param name="BlockTime">Time between blocks.</param>
/// <param name="Tempo">The subnet's tempo; validators set weights once per tempo.</param>
/// <param name="Device">Where the miners' models run.</param>
/// <param name="ScoreAlpha">The validators' score average step.</param>
/// <param name="TrainSteps">Adam steps each miner trains before serving.</param>
internal sealed record LocalClusterSettings(string Data, TimeSpan BlockTime, int Tempo, string Device, double ScoreAlpha = 0.1, int TrainSteps = 300)
{
    public string Wallets => Path.Combine(Data, "wallets");

    public string Logs => Path.Combine(Data, "logs");

    public string Ledger => Path.Combine(Data, "ledger");
}

/// <summary>
/// The node processes of a <see cref="LocalClusterPlan"/>, started at once (neuron nodes wait for their subnet), each
/// logging to <c>logs/nodeK.log</c>; disposing stops them one after the other, the ledger's node last.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>Lines of each node's output kept in memory (the whole output is in its log file): bounded, for long sessions.</summary>
    private const int LinesKept = 2000;

    private LocalCluster(LocalClusterPlan plan, IReadOnlyList<NodeProcess> nodes)
    {
        Plan = plan;
        Nodes = nodes;
        AnyExited = Task.WhenAny(nodes.Select(async c => (Child: c, Code: await c.Exited.ConfigureAwait(false)))).Unwrap();
    }

    public LocalClusterPlan Plan { get; }

    /// <summary>The processes, in the plan's order.</summary>
    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>Completes when the first node exits, with its exit code.</summary>
    public Task<(NodeProcess Child, int Code)> AnyExited { get; }

    public static LocalCluster Start(LocalClusterPlan plan, LocalClusterSettings settings)
    {
        var started = new List<NodeProcess>();
        try
        {
            foreach (var node in plan.Nodes)
                started.Add(NodeProcess.Start(node.Name, Arguments(plan, node, settings), plan.Address(node),
                    logFile: Path.Combine(settings.Logs, node.Name + ".log"), maxLines: LinesKept));
        }
        catch
        {
            foreach (var child in started) child.Dispose();
            throw;
        }

        return new LocalCluster(plan, started);
    }

    /// <summary>The <c>node</c> command line of <paramref name="node"/>.</summary>
    public static IReadOnlyList<string> Arguments(LocalClusterPlan plan, PlannedNode node, LocalClusterSettings settings)
    {
        var arguments = new List<string>
        {
            "node", "--roles", string.Join(",", node.Roles), "--port", node.Port.ToString(CultureInfo.InvariantCulture),
            "--block-time", string.Create(CultureInfo.InvariantCulture, $"{settings.BlockTime.TotalMilliseconds:0}ms"),
        };
        if (node.Index == 0)
            arguments.AddRange(["--data", settings.Ledger, "--faucet-tao", LocalGenesis.FaucetTao.ToString(CultureInfo.InvariantCulture)]);
        else
            arguments.AddRange(["--seed-nodes", plan.SeedAddress]);
        if (!node.HostsNeurons) return arguments;

        arguments.AddRange([
            "--neurons", node.Neurons.ToString(CultureInfo.InvariantCulture), "--wallet", node.Wallet, "--wallet-root", settings.Wallets,
            "--netuid", LocalGenesis.NetUid.ToString(CultureInfo.InvariantCulture), "--device", settings.Device,
            "--weights-every", settings.Tempo.ToString(CultureInfo.InvariantCulture),
            // A dead miner costs a validator's step a few blocks at most.
            "--query-timeout", string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1000, 4 * settings.BlockTime.TotalMilliseconds):0}ms"),
            "--score-alpha", settings.ScoreAlpha.ToString(CultureInfo.InvariantCulture),
            "--train-steps", settings.TrainSteps.ToString(CultureInfo.InvariantCulture),
        ]);
        if (node.Roles.Contains(NodeRole.Validator)) arguments.AddRange(["--stake", LocalGenesis.ValidatorStakeTao.ToString(CultureInfo.InvariantCulture)]);
        return arguments;
    }

    public async ValueTask DisposeAsync()
    {
        // One after the other, the ledger's node last: nodes leaving together wait out the cluster-exiting phase.
        foreach (var child in Nodes.Reverse())
        {
            await child.StopAsync(StopGrace).ConfigureAwait(false);
            child.Dispose();
        }
    }
}
