using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Neurons.Scoring;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Bittensor.Sim.Network;
using static TorchSharp.torch;

namespace Bittensor.Sim.Bench;

/// <summary>One mode line of <c>bench validator-step</c>.</summary>
/// <param name="Mode"><c>forward_only</c>, <c>in_process</c> or <c>remote</c>.</param>
/// <param name="Miners">Miners queried per step.</param>
/// <param name="Batch">Sequences per batch.</param>
/// <param name="MedianMicroseconds">Median time of one step (or of the forward passes alone).</param>
/// <param name="P90Microseconds">Its 90th percentile.</param>
public sealed record ValidatorStepTiming(string Mode, int Miners, int Batch, double MedianMicroseconds, double P90Microseconds)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"validator_step mode={Mode} miners={Miners} batch={Batch} median_us={MedianMicroseconds:F1} p90_us={P90Microseconds:F1}");
}

/// <summary>The last line of <c>bench validator-step</c>: each step's median over the forward passes' median, and libtorch's intra-op threads.</summary>
public sealed record ValidatorStepOverhead(double InProcess, double Remote, int Threads)
{
    public static ValidatorStepOverhead Of(ValidatorStepTiming forwardOnly, ValidatorStepTiming inProcess, ValidatorStepTiming remote, int threads) =>
        new(inProcess.MedianMicroseconds / forwardOnly.MedianMicroseconds, remote.MedianMicroseconds / forwardOnly.MedianMicroseconds, threads);

    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"validator_step overhead in_process={InProcess:F1}x remote={Remote:F1}x threads={Threads}");
}

/// <summary>
/// What a validator's step costs beyond its miners' models: <see cref="TorchMinerModel"/>s of one
/// <see cref="TeacherTask"/>, each briefly trained and served by an <see cref="AxonActor"/> (<see cref="Miner.Axon"/>),
/// queried the way <see cref="ValidatorActor"/> queries them at each block (sample a batch and its targets,
/// <see cref="Dendrite.ForwardAsync"/> to every miner at once, <see cref="ValidatorScoring.Score"/>), minus the ledger.
/// Three figures: the models' forward passes called one after another on the same batch (the floor), the step
/// with the axons in the validator's own ActorSystem, and the step with them in a second ActorSystem over
/// Akka.Remote on loopback (the path and configuration of <see cref="TransportBenchmark"/>).
/// </summary>
/// <remarks>
/// Each mode has its own dendrite and scoring, so the sessions set up in one mode's warm-up are that mode's and no
/// mode learns from another's steps. The models are shared by both sets of axons; modes run one after another, and
/// a model serves one call at a time anyway. A step where any miner fails is an error, not a timing: a timeout or a
/// refused call would time something other than a validator's step.
/// </remarks>
public sealed class ValidatorStepBenchmark : IAsyncDisposable
{
    /// <summary>Hidden units of every miner's network.</summary>
    public const int Width = 64;

    /// <summary>Adam steps each miner trains before it is served, so its answers are worth scoring; not timed.</summary>
    public const int TrainingSteps = 50;

    private const int TrainingBatch = 32;
    private const int TaskSeed = 11;
    private const ushort NetUid = 1;
    private const SynapseType Synapse = SynapseType.TextLastHiddenState;
    // As ValidatorSettings' defaults: the scoring timed is the one a default validator runs.
    private const double ScoreAlpha = 0.1;
    private const double GateLearningRate = 10;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly TeacherTask task = new(TaskSeed);
    private readonly int batch;
    private readonly ActorSystem validatorSystem;
    private readonly ActorSystem axonSystem;
    private readonly Keypair validatorKey = Keypair.Generate();
    private readonly List<Keypair> minerKeys = [];
    private readonly List<TorchMinerModel> models = [];
    private readonly Random batches = new(TaskSeed + 1);
    private AxonTarget[] localAxons = [];
    private AxonTarget[] remoteAxons = [];

    private ValidatorStepBenchmark(int batch, ActorSystem validatorSystem, ActorSystem axonSystem)
    {
        this.batch = batch;
        this.validatorSystem = validatorSystem;
        this.axonSystem = axonSystem;
    }

    /// <summary>Miners queried per step.</summary>
    public int Miners => models.Count;

    /// <summary>
    /// Builds and trains <paramref name="miners"/> models on <paramref name="device"/> (miner k from seed k), and
    /// starts both systems on loopback (port 0) with one axon per model in each: the validator's system holds the
    /// in-process axons, the other the remote ones, whose refs are resolved over remoting.
    /// </summary>
    public static async Task<ValidatorStepBenchmark> StartAsync(int miners, int batch, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(miners, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentNullException.ThrowIfNull(device);
        var bench = new ValidatorStepBenchmark(batch,
            ActorSystem.Create("bench-validator-step", NodeConfig.Create(remote: true, logLevel: "ERROR")),
            ActorSystem.Create("bench-validator-step-miners", NodeConfig.Create(remote: true, logLevel: "ERROR")));
        try
        {
            var remoteAddress = ((ExtendedActorSystem)bench.axonSystem).Provider.DefaultAddress;
            var local = new List<AxonTarget>();
            var remote = new List<AxonTarget>();
            for (var k = 0; k < miners; k++)
            {
                var model = new TorchMinerModel(bench.task, Width, device, seed: k);
                bench.models.Add(model);
                model.Train(TrainingSteps, TrainingBatch, new Random(k));
                var key = Keypair.Generate();
                bench.minerKeys.Add(key);
                local.Add(new AxonTarget(key.Address, bench.validatorSystem.ActorOf(AxonActor.Props(Miner.Axon(key, model)), $"axon-{k}")));
                bench.axonSystem.ActorOf(AxonActor.Props(Miner.Axon(key, model)), $"axon-{k}");
                var resolved = await bench.validatorSystem.ActorSelection(new RootActorPath(remoteAddress) / "user" / $"axon-{k}")
                    .ResolveOne(CallTimeout).ConfigureAwait(false);
                remote.Add(new AxonTarget(key.Address, resolved));
            }

            bench.localAxons = [.. local];
            bench.remoteAxons = [.. remote];
            return bench;
        }
        catch
        {
            await bench.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The forward passes alone: every model called directly, one after another, on one batch per iteration.</summary>
    public ValidatorStepTiming ForwardOnly(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var caller = validatorKey.Address;
        var times = new double[iterations];
        for (var i = -Warmup(iterations); i < iterations; i++)
        {
            // Sampled outside the clock: the floor is the models' work, and the batch is part of the step's overhead.
            var inputs = task.SampleInputs(batches, batch);
            var start = Stopwatch.GetTimestamp();
            foreach (var model in models)
            {
                model.Forward(caller, inputs, CancellationToken.None);
            }

            if (i >= 0) times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return Timing("forward_only", times);
    }

    /// <summary>One validator step to the axons in the validator's own ActorSystem.</summary>
    public Task<ValidatorStepTiming> InProcessAsync(int iterations) => StepsAsync("in_process", localAxons, iterations);

    /// <summary>One validator step to the axons in the other ActorSystem, over Akka.Remote on loopback.</summary>
    public Task<ValidatorStepTiming> RemoteAsync(int iterations) => StepsAsync("remote", remoteAxons, iterations);

    private async Task<ValidatorStepTiming> StepsAsync(string mode, AxonTarget[] axons, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var dendrite = new Dendrite(new RequestSigner(validatorKey), CallTimeout);
        var scoring = new ValidatorScoring(ScoreAlpha, GateLearningRate);
        scoring.Sync([.. axons.Select(a => a.Hotkey.ToString())]);
        var uids = Enumerable.Range(0, axons.Length).ToList();
        var times = new double[iterations];
        for (var i = -Warmup(iterations); i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var inputs = task.SampleInputs(batches, batch);
            var targets = task.Targets(inputs);
            var shape = task.OutputShape(inputs);
            var results = await dendrite.ForwardAsync(axons, NetUid, Synapse, inputs).ConfigureAwait(false);
            var report = scoring.Score(inputs, uids, [.. results.Select(r => (r.Code, r.Outputs))], targets, shape);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (report.Failures.Count > 0)
            {
                var (uid, reason) = report.Failures.First();
                throw new InvalidOperationException($"bench validator-step ({mode}): {report.Failures.Count} of {axons.Length} miners failed a step; miner {uid}: {reason}");
            }

            if (i >= 0) times[i] = elapsed;
        }

        if (dendrite.SessionCount != axons.Length)
        {
            throw new InvalidOperationException($"bench validator-step ({mode}): sessions with {dendrite.SessionCount} of {axons.Length} axons; the others were signed calls.");
        }

        return Timing(mode, times);
    }

    // The first steps set up the sessions and warm the JIT, libtorch's allocator and the remoting connection.
    private static int Warmup(int iterations) => Math.Clamp(iterations / 5, 3, 20);

    private ValidatorStepTiming Timing(string mode, double[] times)
    {
        Array.Sort(times);
        return new ValidatorStepTiming(mode, Miners, batch, Percentile(times, 0.5), Percentile(times, 0.9));
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];


    /// <summary>Stops both systems (the validator's first, so the miners' side closes last), then frees the models and keys.</summary>
    public async ValueTask DisposeAsync()
    {
        await validatorSystem.Terminate().WaitAsync(CallTimeout).ConfigureAwait(false);
        await axonSystem.Terminate().WaitAsync(CallTimeout).ConfigureAwait(false);
        foreach (var model in models) model.Dispose();
        foreach (var key in minerKeys) key.Dispose();
        validatorKey.Dispose();
    }
}
