using System.CommandLine;
using Bittensor.Models;
using Bittensor.Protocol;
using Bittensor.Sim.Bench;
using Bittensor.Sim.Scenarios;
using TorchSharp;

namespace Bittensor.Sim.Commands;

/// <summary>
/// <c>bench epoch</c>: timings of the consensus engine, one line per configuration; <c>bench ledger</c>: of the ledger;
/// <c>bench transport</c>: of the protocol over Akka.Remote on loopback; <c>bench validator-step</c>: of one validator step
/// against its miners' forward passes.
/// Node processes are timed by the runtime's own <c>bench failover</c> (Bittensor.Runtime).
/// </summary>
public static class BenchCommand
{
    private static readonly Option<int[]> Uids = new("--uids")
    {
        Description = "subnet sizes to time",
        DefaultValueFactory = _ => [256, 1024, 4096],
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<int> Validators = new("--validators") { Description = "validators setting full weight rows", DefaultValueFactory = _ => 64 };
    private static readonly Option<string[]> Variant = new("--variant")
    {
        Description = "variants to time (yuma, yuma3-liquid-alpha); all by default",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<bool> Phases = new("--phases") { Description = "also print the fastest time of each phase of the epoch" };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "timed epochs per configuration", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> LedgerIterations = new("--iterations") { Description = "timed blocks with an epoch", DefaultValueFactory = _ => 200 };
    private static readonly Option<double> LedgerSeconds = new("--seconds")
    {
        Description = "seconds over which set_weights and persisted command throughput are measured (after a warm-up of half as long)",
        DefaultValueFactory = _ => 1.0,
    };
    private static readonly Option<int[]> TransportSizes = new("--sizes")
    {
        Description = "tensor sizes in bytes (float32: multiples of 4, at most 64 MiB)",
        DefaultValueFactory = _ => [.. TransportBenchmark.DefaultSizes],
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<int> TransportIterations = new("--iterations")
    {
        Description = "timed round trips per size for the median, made one at a time",
        DefaultValueFactory = _ => 100,
    };
    private static readonly Option<double> TransportSeconds = new("--seconds")
    {
        Description = "seconds of each throughput window (remoting and TCP per size, and the small-message rate), after a warm-up of half as long",
        DefaultValueFactory = _ => 1.0,
    };
    private static readonly Option<int> StepMiners = new("--miners") { Description = "TorchSharp miners queried per step", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> StepBatch = new("--batch") { Description = "sequences per batch", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> StepIterations = new("--iterations")
    {
        Description = "timed steps per mode (after a warm-up of a fifth as many, 3 to 20)",
        DefaultValueFactory = _ => 50,
    };
    private static readonly Option<string> StepDevice = new("--device")
    {
        Description = "where the miners' models run: auto (CUDA when available, else CPU), cpu, or cuda",
        HelpName = string.Join('|', TorchDevice.Names),
        DefaultValueFactory = _ => TorchDevice.Auto,
    };

    public static Command Create()
    {
        var epoch = new Command("epoch", "Time one epoch for 256, 1024 and 4096 uids, Yuma and Yuma3 with liquid alpha.") { Uids, Validators, Iterations, Variant, Phases };
        epoch.SetAction(parse =>
        {
            var validators = parse.GetValue(Validators);
            var iterations = parse.GetValue(Iterations);
            var uids = parse.GetValue(Uids) ?? [];
            var names = parse.GetValue(Variant) is { Length: > 0 } chosen ? chosen : EpochBenchmark.Variants.Select(v => v.Name).ToArray();
            var unknown = names.Where(name => EpochBenchmark.Variants.All(v => v.Name != name)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"bench epoch: unknown variant {string.Join(", ", unknown)}; known: {string.Join(", ", EpochBenchmark.Variants.Select(v => v.Name))}.");
                return 2;
            }
            if (validators < 1 || iterations < 1 || uids.Any(n => n < validators || n > 65536))
            {
                Console.Error.WriteLine("bench epoch: --validators and --iterations must be positive, and every --uids value between the validator count and 65536.");
                return 2;
            }
            foreach (var variant in EpochBenchmark.Variants.Where(v => names.Contains(v.Name)))
                foreach (var n in uids)
                {
                    var timing = EpochBenchmark.Measure(variant, n, validators, iterations);
                    Console.WriteLine(timing.ToLine());
                    if (parse.GetValue(Phases)) Console.WriteLine(timing.ToPhaseLine());
                }
            return ExitCodes.Ok;
        });
        return new Command("bench", "Benchmarks of the engine (timings, not tests).") { epoch, CreateLedger(), CreateTransport(), CreateValidatorStep(), CreateSim() };
    }

    /// <summary><c>bench ledger</c>: throughput and block time of the ledger's state machine, and its persisted throughput, one line per metric.</summary>
    private static Command CreateLedger()
    {
        var ledger = new Command("ledger",
            $"Time the ledger state machine on a subnet of {LedgerBenchmark.Uids} uids and {LedgerBenchmark.Validators} validators (set_weights per second and a block that runs the epoch), and the LedgerActor's accepted commands per second persisted to SQLite.")
        {
            LedgerIterations, LedgerSeconds,
        };
        ledger.SetAction(parse =>
        {
            var iterations = parse.GetValue(LedgerIterations);
            var seconds = parse.GetValue(LedgerSeconds);
            if (iterations < 1 || !double.IsFinite(seconds) || seconds <= 0 || seconds > 600)
            {
                Console.Error.WriteLine("bench ledger: --iterations must be positive and --seconds a number of seconds above 0 and at most 600.");
                return 2;
            }
            var measure = TimeSpan.FromSeconds(seconds);
            Console.WriteLine(LedgerBenchmark.SetWeightsPerSecond(measure, warmup: measure / 2).ToLine());
            Console.WriteLine(LedgerBenchmark.BlockWithEpoch(iterations, warmup: measure / 2).ToLine());
            Console.WriteLine(LedgerBenchmark.PersistedCommandsPerSecond(measure, warmup: measure / 2).ToLine());
            return ExitCodes.Ok;
        });
        return ledger;
    }

    /// <summary><c>bench transport</c>: forward calls between two ActorSystems over Akka.Remote on loopback, against a plain TCP echo, one line per size.</summary>
    private static Command CreateTransport()
    {
        var transport = new Command("transport",
            "Time forward calls from validators' dendrites to an echo axon in another ActorSystem over Akka.Remote on loopback "
            + "(float32 tensors of each size, echoed back): the median round trip of calls made one at a time, and MB/s "
            + "(10^6 bytes of request and response tensors per second) with 8 MiB / size calls in flight (2 to "
            + $"{TransportBenchmark.MaxInFlight}), each from its own validator since a dendrite makes one call at a time; a "
            + "plain TCP echo on one loopback connection with as many frames in flight gives tcp_mb_per_s. Then small "
            + $"forward calls ({TransportBenchmark.SmallSize} bytes) with {TransportBenchmark.SmallInFlight} in flight: "
            + "requests and responses per second. Prints transport size=... median_us=... mb_per_s=... tcp_mb_per_s=... "
            + "per size, then transport small_messages_per_s=... size=... once.")
        {
            TransportSizes, TransportIterations, TransportSeconds,
        };
        transport.SetAction(async (parse, _) =>
        {
            var sizes = parse.GetValue(TransportSizes) ?? [];
            var iterations = parse.GetValue(TransportIterations);
            var seconds = parse.GetValue(TransportSeconds);
            if (sizes.Length == 0 || !sizes.All(TransportBenchmark.IsValidSize))
            {
                Console.Error.WriteLine(
                    $"bench transport: --sizes must be one or more positive multiples of 4 bytes (float32 tensors) of at most {TensorPayload.MaxByteLength}; got {string.Join(" ", sizes)}.");
                return 2;
            }
            if (iterations < 1 || iterations > 1_000_000)
            {
                Console.Error.WriteLine($"bench transport: --iterations must be between 1 and 1000000; got {iterations}.");
                return 2;
            }
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 600)
            {
                Console.Error.WriteLine("bench transport: --seconds must be a number of seconds above 0 and at most 600.");
                return 2;
            }
            var measure = TimeSpan.FromSeconds(seconds);
            await using var bench = await TransportBenchmark.StartAsync();
            foreach (var size in sizes)
            {
                Console.WriteLine((await bench.MeasureAsync(size, iterations, measure, warmup: measure / 2)).ToLine());
            }
            Console.WriteLine((await bench.SmallMessagesAsync(measure, warmup: measure / 2)).ToLine());
            return ExitCodes.Ok;
        });
        return transport;
    }

    /// <summary><c>bench validator-step</c>: one validator step to TorchSharp miners, in process and over loopback remoting, against their forward passes alone.</summary>
    private static Command CreateValidatorStep()
    {
        var step = new Command("validator-step",
            $"Time one validator step that queries TorchSharp miners (width {ValidatorStepBenchmark.Width}, each trained "
            + $"{ValidatorStepBenchmark.TrainingSteps} Adam steps on the teacher task before timing, each behind an axon): "
            + "sample a batch and its targets, forward it through a dendrite to every miner at once, score the answers "
            + "with the validator's scoring (what ValidatorActor does per block, minus the ledger). Three modes: "
            + "forward_only (the models' forward passes called directly, one after another: the floor), in_process "
            + "(the axons in the validator's ActorSystem) and remote (the axons in a second ActorSystem over Akka.Remote "
            + "on loopback). libtorch keeps its default intra-op thread count, printed as threads=. Prints "
            + "validator_step mode=... miners=... batch=... median_us=... p90_us=... per mode, then validator_step "
            + "overhead in_process=...x remote=...x threads=... (each step's median over forward_only's).")
        {
            StepMiners, StepBatch, StepIterations, StepDevice,
        };
        step.SetAction(async (parse, _) =>
        {
            var miners = parse.GetValue(StepMiners);
            var batch = parse.GetValue(StepBatch);
            var iterations = parse.GetValue(StepIterations);
            if (miners < 1 || miners > 256)
            {
                Console.Error.WriteLine($"bench validator-step: --miners must be between 1 and 256; got {miners}.");
                return 2;
            }
            if (batch < 1 || batch > 4096)
            {
                Console.Error.WriteLine($"bench validator-step: --batch must be between 1 and 4096; got {batch}.");
                return 2;
            }
            if (iterations < 1 || iterations > 1_000_000)
            {
                Console.Error.WriteLine($"bench validator-step: --iterations must be between 1 and 1000000; got {iterations}.");
                return 2;
            }
            torch.Device device;
            try
            {
                device = TorchDevice.Resolve(parse.GetValue(StepDevice) ?? TorchDevice.Auto);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"bench validator-step: --device: {e.Message}");
                return 2;
            }
            await using var bench = await ValidatorStepBenchmark.StartAsync(miners, batch, device);
            var forwardOnly = bench.ForwardOnly(iterations);
            Console.WriteLine(forwardOnly.ToLine());
            var inProcess = await bench.InProcessAsync(iterations);
            Console.WriteLine(inProcess.ToLine());
            var remote = await bench.RemoteAsync(iterations);
            Console.WriteLine(remote.ToLine());
            Console.WriteLine(ValidatorStepOverhead.Of(forwardOnly, inProcess, remote, torch.get_num_threads()).ToLine());
            return ExitCodes.Ok;
        });
        return step;
    }

    /// <summary><c>bench sim</c>: whole simulations of the honest scenario, one line per node count.</summary>
    private static Command CreateSim()
    {
        var peers = new Option<int>("--peers") { Description = "peers in the subnet", DefaultValueFactory = _ => 100 };
        var validators = new Option<int>("--validators") { Description = "validators among them", DefaultValueFactory = _ => 10 };
        var tempo = new Option<int>("--tempo") { Description = "blocks per epoch", DefaultValueFactory = _ => 360 };
        var epochs = new Option<int>("--epochs") { Description = "epochs", DefaultValueFactory = _ => 20 };
        var nodes = new Option<int[]>("--nodes") { Description = "node counts to time", DefaultValueFactory = _ => [1], AllowMultipleArgumentsPerToken = true };
        var fidelity = new Option<string>("--fidelity") { Description = "economic or neural", DefaultValueFactory = _ => "economic" };
        var sim = new Command("sim",
            "Time whole simulations of the honest scenario (start-up, genesis and every block; no outputs), by default the "
            + "README's run: 100 peers, 10 validators querying 16 miners every block, tempo 360, 20 epochs. Prints sim "
            + "fidelity=... peers=... validators=... nodes=... queries=... tempo=... epochs=... blocks=... wall_seconds=... blocks_per_second=... per node count.")
        {
            peers, validators, tempo, epochs, nodes, fidelity,
        };
        sim.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(fidelity) switch
            {
                "economic" => (Fidelity?)Fidelity.Economic,
                "neural" => Fidelity.Neural,
                _ => null,
            };
            if (chosen is null)
            {
                Console.Error.WriteLine($"bench sim: --fidelity must be economic or neural; got '{parse.GetValue(fidelity)}'.");
                return 2;
            }

            foreach (var count in parse.GetValue(nodes) ?? [1])
            {
                var options = new SimulationOptions
                {
                    Peers = parse.GetValue(peers), Validators = parse.GetValue(validators), Tempo = parse.GetValue(tempo),
                    Epochs = parse.GetValue(epochs), Nodes = count, Fidelity = chosen.Value,
                };
                if (options.Problems() is { Count: > 0 } problems)
                {
                    Console.Error.WriteLine($"bench sim: {string.Join(" ", problems)}");
                    return 2;
                }

                Console.WriteLine((await SimBenchmark.MeasureAsync(options, cancellationToken)).ToLine());
            }

            return ExitCodes.Ok;
        });
        return sim;
    }
}
