using Bittensor.Sim;
using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Tests.Simulation;

/// <summary>
/// The simulation core on small networks: the same seed gives the same metagraph of every epoch, whether the peers
/// share one ActorSystem or are spread over three joined over loopback (every message then crosses Akka.Remote and
/// the serializers), and in the honest scenario incentive follows the miners' true quality.
/// </summary>
public sealed class SimulationSpecs
{
    private static readonly SimulationOptions Small = new() { Peers = 10, Validators = 2, Tempo = 6, Epochs = 3, Seed = 4 };

    private static Task<SimulationRun> Run(SimulationOptions options) =>
        Bittensor.Sim.Simulation.RunAsync(options, new Dictionary<string, string>());

    private static byte[] Csv(SimulationRun run)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, leaveOpen: true)) MetagraphCsv.Write(writer, run.Rows);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_same_seed_should_give_the_same_metagraph_every_run_and_on_one_or_three_nodes()
    {
        var first = await Run(Small);
        var again = await Run(Small);
        var spread = await Run(Small with { Nodes = 3 });

        Assert.Equal(Small.Epochs * Small.Peers, first.Rows.Count);
        Assert.Equal(Csv(first), Csv(again));
        Assert.Equal(Csv(first), Csv(spread)); // byte for byte: metagraph.csv is the run's record
        Assert.Equal(first.Rows, spread.Rows);
        Assert.Equal(first.Peers, spread.Peers);
        Assert.NotEqual(first.Rows, (await Run(Small with { Seed = 5 })).Rows);
    }

    [Fact]
    public async Task In_the_honest_scenario_incentive_should_follow_true_quality()
    {
        var run = await Run(Small with { Peers = 14, Epochs = 4 });

        var last = run.Rows.Where(r => r.Epoch == 4 && r.Role == PeerRole.Miner).ToList();
        var best = last.OrderByDescending(r => r.TrueQuality).Take(4).Sum(r => (double)r.Incentive);
        var worst = last.OrderBy(r => r.TrueQuality).Take(4).Sum(r => (double)r.Incentive);
        Assert.True(best > 2 * worst, $"the 4 best miners earn {best}, the 4 worst {worst}");
        Assert.All(run.Rows.Where(r => r.Role == PeerRole.Validator && r.Epoch > 1), r => Assert.True(r.ValidatorPermit));
        Assert.True(run.Rows.Where(r => r.Epoch == 4 && r.Role == PeerRole.Validator).Sum(r => (double)r.Dividends) > 0);
    }

    [Fact]
    public async Task Neural_fidelity_should_train_torch_miners_gate_with_a_network_and_still_pay_the_better_miners_more()
    {
        var run = await Run(Small with { Peers = 8, Validators = 2, Tempo = 5, Epochs = 3, Fidelity = Fidelity.Neural });

        var last = run.Rows.Where(r => r.Epoch == 3 && r.Role == PeerRole.Miner).OrderBy(r => r.TrueQuality).ToList();
        Assert.Equal(6, last.Count);
        var worst = last.Take(2).Sum(r => (double)r.Incentive);
        var best = last.TakeLast(2).Sum(r => (double)r.Incentive);
        Assert.True(best > worst, $"the 2 best-trained miners earn {best}, the 2 least-trained {worst}");
    }

    [Fact]
    public void Bad_options_should_be_named()
    {
        var problems = (Small with { Validators = 10, Tempo = 0, Hyperparameters = [("kappa", "x"), ("nope", "1")] }).Problems();

        Assert.Contains(problems, p => p.Contains("--validators"));
        Assert.Contains(problems, p => p.Contains("--tempo"));
        Assert.Contains(problems, p => p.Contains("--set kappa=x"));
        Assert.Contains(problems, p => p.Contains("--set nope=1") && p.Contains("Valid names"));
    }
}
