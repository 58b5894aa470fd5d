using System.CommandLine;
using System.Globalization;
using Bittensor.Models;
using Bittensor.Sim.Output;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Commands;

/// <summary><c>run</c>: the main job, a simulated subnet of 100 peers (by default) on a virtual block clock.</summary>
public static class RunCommand
{
    private static readonly Option<int> Peers = new("--peers") { Description = "peers in the subnet (validators + miners)", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Validators = new("--validators") { Description = "validators among the peers", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Tempo = new("--tempo") { Description = "blocks per epoch", DefaultValueFactory = _ => 360 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "epochs to simulate", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Seed = new("--seed") { Description = "the seed of every random choice", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Scenario = new("--scenario") { Description = "the scenario (see the scenarios command)", DefaultValueFactory = _ => "honest" };
    private static readonly Option<string> FidelityOption = new("--fidelity") { Description = "economic (parametric miners, fast) or neural (TorchSharp miners)", DefaultValueFactory = _ => "economic" };
    private static readonly Option<int> Nodes = new("--nodes") { Description = "ActorSystems the peers are spread over (messages between them cross Akka.Remote)", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Queries = new("--queries") { Description = "miners each validator queries per block", DefaultValueFactory = _ => 16 };
    private static readonly Option<string[]> Set = new("--set") { Description = "a hyperparameter, name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string> Out = new("--out") { Description = "the folder for metagraph.csv, summary.json and plots/", DefaultValueFactory = _ => "sim-out" };
    private static readonly Option<bool> Quiet = new("--quiet") { Description = "plain lines only, no progress" };
    private static readonly Option<string> Device = new("--device") { Description = "where neural models run: auto, cpu or cuda", DefaultValueFactory = _ => TorchDevice.Auto };

    public static Command Create()
    {
        var run = new Command("run", "Simulate a subnet of 100 peers (10 validators, 90 miners, tempo 360) for 20 epochs on a virtual block clock.")
        {
            Peers, Validators, Tempo, Epochs, Seed, Scenario, FidelityOption, Nodes, Queries, Set, Out, Quiet, Device,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            if (Parse(parse, out var options) is { } problem)
            {
                Console.Error.WriteLine($"run: {problem}");
                return 2;
            }

            TorchSharp.torch.Device device;
            try
            {
                device = options.Fidelity == Fidelity.Neural ? TorchDevice.Resolve(parse.GetValue(Device)!) : TorchSharp.torch.CPU;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"run: --device: {e.Message}");
                return 2;
            }

            var quiet = parse.GetValue(Quiet);
            SimulationRun run;
            using (var progress = SimulationProgress.Create(quiet))
            {
                run = await Simulation.RunAsync(options, Arguments(parse), progress.Report, device, cancellationToken);
            }

            var written = SimulationOutputs.WriteAll(run, parse.GetValue(Out)!);
            ConsoleReport.Write(run, quiet);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run blocks={run.Blocks} wall_seconds={run.WallSeconds:F2} blocks_per_second={run.BlocksPerSecond:F0} spearman_quality_incentive={Format(written.Metrics.SpearmanQualityIncentive)}"));
            Console.WriteLine($"wrote {written.MetagraphCsv}, {written.SummaryJson}, {string.Join(", ", written.Plots)}");
            return ExitCodes.Ok;
        });
        return run;
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The options of a parse, or the problems with them (each named).</summary>
    private static string? Parse(ParseResult parse, out SimulationOptions options)
    {
        var problems = new List<string>();
        var fidelity = parse.GetValue(FidelityOption) switch
        {
            "economic" => Fidelity.Economic,
            "neural" => Fidelity.Neural,
            var other => Invalid($"--fidelity must be economic or neural; got '{other}'.", Fidelity.Economic),
        };
        var set = HyperparameterAssignments.Parse(parse.GetValue(Set), problems);

        var scenario = parse.GetValue(Scenario)!;
        if (ScenarioCatalog.Find(scenario) is null)
        {
            problems.Add($"--scenario: unknown scenario '{scenario}'; known: {ScenarioCatalog.Names}.");
        }

        options = new SimulationOptions
        {
            Peers = parse.GetValue(Peers), Validators = parse.GetValue(Validators), Tempo = parse.GetValue(Tempo),
            Epochs = parse.GetValue(Epochs), Seed = parse.GetValue(Seed), Scenario = scenario, Fidelity = fidelity,
            Nodes = parse.GetValue(Nodes), QueriesPerStep = parse.GetValue(Queries), Hyperparameters = set,
        };
        problems.AddRange(options.Problems());
        return problems.Count == 0 ? null : string.Join(" ", problems);

        T Invalid<T>(string problem, T fallback)
        {
            problems.Add(problem);
            return fallback;
        }
    }

    private static Dictionary<string, string> Arguments(ParseResult parse) => new()
    {
        ["peers"] = $"{parse.GetValue(Peers)}", ["validators"] = $"{parse.GetValue(Validators)}", ["tempo"] = $"{parse.GetValue(Tempo)}",
        ["epochs"] = $"{parse.GetValue(Epochs)}", ["seed"] = $"{parse.GetValue(Seed)}", ["scenario"] = parse.GetValue(Scenario)!,
        ["fidelity"] = parse.GetValue(FidelityOption)!, ["nodes"] = $"{parse.GetValue(Nodes)}", ["queries"] = $"{parse.GetValue(Queries)}",
        ["set"] = string.Join(";", parse.GetValue(Set) ?? []),
    };
}
