using System.Runtime.InteropServices;
using Bittensor.Models;
using Bittensor.Neurons.Scoring;
using Bittensor.Sim.Commands;
using Bittensor.Sim.Network;
using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;
using Xunit.Abstractions;

namespace Bittensor.Sim.Tests.Scenarios;

/// <summary>
/// Every scenario of the catalog runs on a small network (30 peers, 4 validators, tempo 20, 6 epochs, seed 1) and
/// its metric moves the way the scenario's documentation predicts; the <c>scenarios</c> command lists them all.
/// The seed and sizes are ones where the effect is wide, not marginal (the values seen are in the messages).
/// </summary>
public sealed class ScenarioSpecs(ITestOutputHelper output)
{
    private static readonly SimulationOptions Small = new() { Peers = 30, Validators = 4, Tempo = 20, Epochs = 6, Seed = 1 };

    private static Task<SimulationRun> Run(string scenario) =>
        Bittensor.Sim.Simulation.RunAsync(Small with { Scenario = scenario }, new Dictionary<string, string>());

    [Fact]
    public void The_scenarios_command_should_list_every_scenario_with_a_description()
    {
        using var writer = new StringWriter();
        ScenariosCommand.Write(writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] expected = ["honest", "weight-copy", "cabal", "lazy-miners", "sybil", "offline-validators", "churn", "late-validator"];
        Assert.Equal(expected, ScenarioCatalog.All.Select(s => s.Name));
        Assert.Equal(expected.Length, lines.Length);
        foreach (var scenario in ScenarioCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
            Assert.Contains(lines, line => line.StartsWith(scenario.Name + " ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(scenario.Description, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Weight_copiers_should_earn_less_dividends_per_stake_than_honest_validators()
    {
        var metrics = SummaryMetrics.Compute(await Run("weight-copy"));

        var copier = metrics.DividendsPerStakeByClass[WeightCopyScenario.CopierClass]!.Value;
        var honest = metrics.DividendsPerStakeByClass["honest"]!.Value;
        output.WriteLine($"dividends per stake: copier {copier}, honest {honest}");
        Assert.True(copier < 0.8 * honest, $"dividends per stake: copier {copier}, honest {honest}");
    }

    [Fact]
    public async Task A_cabal_below_half_the_stake_should_be_clipped_by_kappa()
    {
        var run = await Run("cabal");
        var metrics = SummaryMetrics.Compute(run);

        var cabalMiners = metrics.EmissionShareByClass[CabalScenario.CabalMinerClass]!.Value;
        var cabalStake = run.Peers.Where(p => p.Class == CabalScenario.CabalClass).Sum(p => (double)p.InitialStakeRao);
        var allStake = run.Peers.Where(p => p.Role == PeerRole.Validator).Sum(p => (double)p.InitialStakeRao);
        Assert.InRange(cabalStake / allStake, 0.29, 0.31);
        output.WriteLine($"cabal miners' emission share {cabalMiners}");
        Assert.True(cabalMiners < 0.01, $"the cabal's miners took {cabalMiners} of the emission");
        var last = run.Rows.Where(r => r.Epoch == Small.Epochs && r.Role == PeerRole.Validator).ToList();
        var cabalTrust = last.Where(r => r.Class == CabalScenario.CabalClass).Max(r => r.ValidatorTrust / 65535.0);
        var honestTrust = last.Where(r => r.Class == "honest").Min(r => r.ValidatorTrust / 65535.0);
        output.WriteLine($"validator trust: cabal at most {cabalTrust}, honest at least {honestTrust}");
        Assert.True(cabalTrust < 0.5 * honestTrust, $"validator trust: cabal at most {cabalTrust}, honest at least {honestTrust}");
    }

    [Fact]
    public async Task A_cabal_above_half_the_stake_should_get_its_miners_paid()
    {
        // The counterpoint that shows the clipping is kappa's: past half the stake the cabal is the consensus.
        var scenario = new CabalScenario { StakeShare = 0.7 };
        var run = await Bittensor.Sim.Simulation.RunAsync(Small with { Scenario = scenario.Name }, scenario, new Dictionary<string, string>());

        var cabalMiners = SummaryMetrics.Compute(run).EmissionShareByClass[CabalScenario.CabalMinerClass]!.Value;
        output.WriteLine($"cabal miners' emission share at 70% of the stake {cabalMiners}");
        Assert.True(cabalMiners > 0.1, $"the cabal's miners took {cabalMiners} of the emission");
    }

    [Fact]
    public async Task Lazy_miners_should_earn_about_nothing()
    {
        var run = await Run("lazy-miners");
        var metrics = SummaryMetrics.Compute(run);

        Assert.True(run.Peers.Count(p => p.Class == LazyMinersScenario.LazyClass) >= 6);
        var lazy = metrics.EmissionShareByClass[LazyMinersScenario.LazyClass]!.Value;
        output.WriteLine($"lazy miners' emission share {lazy}, spearman {metrics.SpearmanQualityIncentive}");
        Assert.True(lazy < 0.001, $"lazy miners took {lazy} of the emission");
        Assert.True(metrics.SpearmanQualityIncentive > 0.8, $"spearman {metrics.SpearmanQualityIncentive}");
    }

    [Fact]
    public async Task Sybil_copies_should_be_paid_as_miners_of_their_quality_and_no_more()
    {
        var run = await Run("sybil");

        // From the third epoch on, when every validator has set weights twice.
        var settled = run.Rows.Where(r => r.Epoch >= 3 && r.Role == PeerRole.Miner).ToList();
        double Mean(Func<MetagraphRow, bool> which) => settled.Where(which).Average(r => r.Incentive / 65535.0);
        var sybil = Mean(r => r.Class == SybilScenario.SybilClass);
        var lower = Mean(r => r.Class == "honest" && Math.Abs(r.TrueQuality - 0.55) < 1e-9);
        var upper = Mean(r => r.Class == "honest" && Math.Abs(r.TrueQuality - 0.65) < 1e-9);
        var same = Mean(r => r.Class is "honest" or SybilScenario.TwinClass && Math.Abs(r.TrueQuality - 0.6) < 1e-9);
        output.WriteLine($"mean incentive: honest 0.55 {lower}, sybil copy 0.6 {sybil}, honest 0.6 {same}, honest 0.65 {upper}");
        Assert.True(lower < sybil && sybil < upper, $"mean incentive: honest 0.55 {lower}, sybil copy 0.6 {sybil}, honest 0.65 {upper}");
        Assert.True(sybil <= 1.02 * same, $"mean incentive: sybil copy {sybil}, honest miners of the same quality {same}");
        Assert.Single(run.Peers.Where(p => p.Class == SybilScenario.SybilClass).Select(p => p.Coldkey).Distinct());
    }

    [Fact]
    public void Leave_one_out_should_value_a_duplicate_less_than_a_unique_miner_of_the_same_quality()
    {
        var task = Bittensor.Sim.Simulation.Task(Small);
        using var caller = PeerKeys.Hotkey(1, "validator", 0);
        var copies = Enumerable.Repeat(new ParametricMinerModel(task, 0.6, seed: 77), 4);
        var uniques = Enumerable.Range(0, 12).Select(k => new ParametricMinerModel(task, 0.6, seed: 1000 + k));
        var miners = copies.Concat(uniques).ToList();
        var random = new Random(3);
        double duplicate = 0, unique = 0;
        for (var batch = 0; batch < 50; batch++)
        {
            var inputs = task.SampleInputs(random, 16);
            var answers = miners.Select(m => MemoryMarshal.Cast<byte, float>(m.Forward(caller.Address, inputs, default).Data.Span).ToArray()).ToList();
            var scores = GatedCoalition.Evaluate(answers, new double[answers.Count], task.Targets(inputs));
            duplicate += scores.LeaveOneOut.Take(4).Average();
            unique += scores.LeaveOneOut.Skip(4).Average();
        }

        output.WriteLine($"mean leave-one-out over 50 batches: duplicate {duplicate / 50}, unique {unique / 50}");
        Assert.True(duplicate < unique, $"mean leave-one-out over 50 batches: duplicate {duplicate / 50}, unique {unique / 50}");
    }

    [Fact]
    public async Task Offline_validators_should_lose_their_dividends_while_away_and_recover_after()
    {
        var run = await Run("offline-validators");

        // Epochs 3 and 4 are the window; 5 and 6 come after it.
        foreach (var epoch in new[] { 3, 4 })
        {
            var offline = DividendsPerStake(run, OfflineValidatorsScenario.OfflineClass, epoch);
            output.WriteLine($"epoch {epoch}: offline {offline}, honest {DividendsPerStake(run, "honest", epoch)}");
            Assert.True(offline < 0.05 * DividendsPerStake(run, "honest", epoch), $"epoch {epoch}: offline {offline}");
        }

        foreach (var epoch in new[] { 2, 5, 6 })
        {
            var offline = DividendsPerStake(run, OfflineValidatorsScenario.OfflineClass, epoch);
            var honest = DividendsPerStake(run, "honest", epoch);
            output.WriteLine($"epoch {epoch}: offline {offline}, honest {honest}");
            Assert.True(offline > 0.8 * honest, $"epoch {epoch}: offline {offline}, honest {honest}");
        }
    }

    [Fact]
    public async Task Churn_should_prune_low_quality_miners_and_spare_newcomers_while_immune()
    {
        var run = await Run("churn");
        var immunity = ChurnScenario.ImmunityPeriod(Small);

        var genesis = run.Rows.Where(r => r.Epoch == 1).Select(r => r.Hotkey).ToHashSet();
        var last = run.Rows.Where(r => r.Epoch == Small.Epochs).Select(r => r.Hotkey).ToHashSet();
        var pruned = run.Peers.Where(p => genesis.Contains(p.Hotkey) && !last.Contains(p.Hotkey)).ToList();
        var newcomers = run.Peers.Where(p => p.Class == ChurnScenario.NewcomerClass).ToList();
        output.WriteLine($"pruned qualities: {string.Join(", ", pruned.Select(p => p.TrueQuality.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(newcomers.Count, pruned.Count);
        Assert.All(pruned, p => Assert.Equal(PeerRole.Miner, p.Role));
        // The bottom third of the genesis miners' qualities (0.05 .. 0.95) lies below 0.35.
        Assert.All(pruned, p => Assert.True(p.TrueQuality < 0.35, $"pruned a miner of quality {p.TrueQuality}"));

        var scheduled = new ChurnScenario().Plan(Small, new Random(Small.Seed)).Later.ToDictionary(m => m.Miner.Hotkey.Address.ToString(), m => m.Block);
        foreach (var newcomer in newcomers)
        {
            var rows = run.Rows.Where(r => r.Hotkey == newcomer.Hotkey).OrderBy(r => r.Epoch).ToList();
            var registered = scheduled[newcomer.Hotkey];
            var epochs = Enumerable.Range(1, Small.Epochs)
                .Where(e => (ulong)(e * Small.Tempo) > registered && (ulong)(e * Small.Tempo) < registered + immunity)
                .ToList();
            Assert.NotEmpty(epochs);
            Assert.Subset(rows.Select(r => r.Epoch).ToHashSet(), epochs.ToHashSet());
            Assert.Single(rows.Select(r => r.Uid).Distinct());
        }
    }

    [Fact]
    public async Task Late_validators_should_earn_less_dividends_per_stake_than_honest_validators()
    {
        var metrics = SummaryMetrics.Compute(await Run("late-validator"));

        var late = metrics.DividendsPerStakeByClass[LateValidatorScenario.LateClass]!.Value;
        var honest = metrics.DividendsPerStakeByClass["honest"]!.Value;
        output.WriteLine($"dividends per stake: late {late}, honest {honest}");
        Assert.True(late < 0.8 * honest, $"dividends per stake: late {late}, honest {honest}");
    }

    [Fact]
    public async Task The_honest_scenario_should_pay_by_quality()
    {
        var metrics = SummaryMetrics.Compute(await Run("honest"));

        output.WriteLine($"spearman {metrics.SpearmanQualityIncentive}");
        Assert.True(metrics.SpearmanQualityIncentive > 0.9, $"spearman {metrics.SpearmanQualityIncentive}");
    }

    /// <summary>The emission of <paramref name="class"/>'s validators at <paramref name="epoch"/> per TAO they started with.</summary>
    private static double DividendsPerStake(SimulationRun run, string @class, int epoch)
    {
        var stake = run.Peers.Where(p => p.Role == PeerRole.Validator && p.Class == @class).ToDictionary(p => p.Hotkey, p => (double)p.InitialStakeRao);
        return run.Rows.Where(r => r.Epoch == epoch && stake.ContainsKey(r.Hotkey)).Sum(r => (double)r.EmissionRao) / stake.Values.Sum();
    }
}
