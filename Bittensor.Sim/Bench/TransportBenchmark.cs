using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Bittensor.Sim.Network;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Sim.Bench;

/// <summary>One size line of <c>bench transport</c>: the remoting round trip, its throughput and the TCP floor.</summary>
/// <param name="Size">Tensor bytes of the request (and of the echoed response).</param>
/// <param name="MedianMicroseconds">Median of one validator's forward calls made one at a time, hashing and MAC included.</param>
/// <param name="MegabytesPerSecond">Tensor bytes of requests and responses moved per second over Akka.Remote, 10^6 bytes per MB.</param>
/// <param name="TcpMegabytesPerSecond">The same count over a plain TCP echo with as many frames in flight.</param>
public sealed record TransportTiming(int Size, double MedianMicroseconds, double MegabytesPerSecond, double TcpMegabytesPerSecond)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"transport size={Size} median_us={MedianMicroseconds:F1} mb_per_s={MegabytesPerSecond:F1} tcp_mb_per_s={TcpMegabytesPerSecond:F1}");
}

/// <summary>The small-message line of <c>bench transport</c>: forward requests and responses per second, both directions counted.</summary>
public sealed record SmallMessageRate(int Size, double MessagesPerSecond)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"transport small_messages_per_s={MessagesPerSecond:F0} size={Size}");
}

/// <summary>
/// The protocol over Akka.Remote, measured on loopback: two ActorSystems on 127.0.0.1 (classic DotNetty TCP,
/// hocon/remote.conf), an <see cref="AxonActor"/> whose miner echoes its inputs in one, and validators' real
/// <see cref="Dendrite"/>s (session handshake, then a MAC per request) in the other, so the path timed is the
/// one validators use. Payloads are float32 tensors of the requested byte size. A <see cref="TcpEchoBaseline"/>
/// runs beside it with the same sizes, the same window and the same counting rule.
/// </summary>
/// <remarks>
/// Pipelining: a dendrite makes one call at a time (its nonces must reach the axon in order), so the window of
/// round trips in flight is that many validators, each with its own hotkey and dendrite, each sending its next
/// call when its last is answered: <see cref="InFlight"/> of them per size, <see cref="SmallInFlight"/> for the
/// small-message rate. Bytes counted are the tensor bytes of requests and responses; Akka's envelope, the
/// credential and the length prefixes of the TCP baseline are not.
/// </remarks>
public sealed class TransportBenchmark : IAsyncDisposable
{
    /// <summary>The sizes measured by default: 1 KiB, 64 KiB, 1 MiB and 4 MiB.</summary>
    public static IReadOnlyList<int> DefaultSizes { get; } = [1024, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024];

    /// <summary>Tensor bytes of a small message (16 float32 values).</summary>
    public const int SmallSize = 64;

    /// <summary>Round trips kept in flight for the small-message rate.</summary>
    public const int SmallInFlight = 64;

    /// <summary>The most round trips kept in flight at any size.</summary>
    public const int MaxInFlight = 32;

    private const ushort NetUid = 1;
    private const SynapseType Synapse = SynapseType.TextLastHiddenState;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem axonSystem;
    private readonly ActorSystem validatorSystem;
    private readonly Keypair axonKey;
    private readonly List<Keypair> validatorKeys = [];
    private readonly List<Dendrite> validators = [];
    private AxonTarget[] axon = [];
    private TcpEchoBaseline? tcp;

    private TransportBenchmark(ActorSystem axonSystem, ActorSystem validatorSystem, Keypair axonKey)
    {
        this.axonSystem = axonSystem;
        this.validatorSystem = validatorSystem;
        this.axonKey = axonKey;
    }

    /// <summary>
    /// Round trips in flight for throughput at <paramref name="size"/>: about 8 MiB of requests outstanding, at
    /// least 2 and at most <see cref="MaxInFlight"/> (32 at 1 KiB and 64 KiB, 8 at 1 MiB, 2 at 4 MiB), the
    /// windows engineering-notes.md §3.2 measured remoting with.
    /// </summary>
    public static int InFlight(int size) => Math.Clamp(8 * 1024 * 1024 / Math.Max(size, 1), 2, MaxInFlight);

    /// <summary>Whether <paramref name="size"/> can be measured: a whole number of float32 elements within <see cref="TensorPayload.MaxByteLength"/>.</summary>
    public static bool IsValidSize(int size) => size >= sizeof(float) && size % sizeof(float) == 0 && size <= TensorPayload.MaxByteLength;

    /// <summary>
    /// Starts both systems on loopback (port 0, the bound ports read back from each system's address), the echo
    /// axon, the validators' dendrites with their sessions already set up, and the TCP baseline.
    /// </summary>
    public static async Task<TransportBenchmark> StartAsync()
    {
        var bench = new TransportBenchmark(
            ActorSystem.Create("bench-transport-axon", NodeConfig.Create(remote: true, logLevel: "ERROR")),
            ActorSystem.Create("bench-transport-validators", NodeConfig.Create(remote: true, logLevel: "ERROR")),
            Keypair.Generate());
        try
        {
            bench.axonSystem.ActorOf(AxonActor.Props(new AxonSettings(bench.axonKey, Echo) { NetUid = NetUid }), "axon");
            var address = ((ExtendedActorSystem)bench.axonSystem).Provider.DefaultAddress;
            var remote = await bench.validatorSystem.ActorSelection(new RootActorPath(address) / "user" / "axon")
                .ResolveOne(CallTimeout).ConfigureAwait(false);
            bench.axon = [new AxonTarget(bench.axonKey.Address, remote)];

            var small = Payload(SmallSize);
            for (var i = 0; i < Math.Max(SmallInFlight, MaxInFlight); i++)
            {
                var key = Keypair.Generate();
                bench.validatorKeys.Add(key);
                var dendrite = new Dendrite(new RequestSigner(key), CallTimeout);
                bench.validators.Add(dendrite);
                // The first call sets up the session, so no timed call pays for a handshake.
                await bench.CallAsync(dendrite, small).ConfigureAwait(false);
            }

            bench.tcp = TcpEchoBaseline.Start();
            return bench;
        }
        catch
        {
            await bench.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The line for <paramref name="size"/> bytes: the median of <paramref name="iterations"/> forward calls of one
    /// validator made one after another (after a few untimed ones), then remoting and TCP throughput with
    /// <see cref="InFlight"/> round trips in flight, each over <paramref name="measure"/> after <paramref name="warmup"/>.
    /// </summary>
    public async Task<TransportTiming> MeasureAsync(int size, int iterations, TimeSpan measure, TimeSpan warmup)
    {
        if (!IsValidSize(size)) throw new ArgumentOutOfRangeException(nameof(size), size, "A size is a positive multiple of 4 bytes within the tensor limit.");
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var inputs = Payload(size);
        var median = await MedianRoundTripAsync(inputs, iterations).ConfigureAwait(false);

        var inFlight = InFlight(size);
        await RoundTripsForAsync(inputs, inFlight, warmup).ConfigureAwait(false);
        var (roundTrips, elapsed) = await RoundTripsForAsync(inputs, inFlight, measure).ConfigureAwait(false);
        var megabytesPerSecond = roundTrips * 2.0 * size / elapsed.TotalSeconds / 1e6;

        var tcpMegabytesPerSecond = await tcp!.MegabytesPerSecondAsync(size, inFlight, measure, warmup).ConfigureAwait(false);
        return new TransportTiming(size, median, megabytesPerSecond, tcpMegabytesPerSecond);
    }

    /// <summary>
    /// Forward requests and responses of <see cref="SmallSize"/> tensor bytes per second over remoting (a round
    /// trip counts as two messages), with <see cref="SmallInFlight"/> in flight, over <paramref name="measure"/>
    /// after <paramref name="warmup"/>.
    /// </summary>
    public async Task<SmallMessageRate> SmallMessagesAsync(TimeSpan measure, TimeSpan warmup)
    {
        var inputs = Payload(SmallSize);
        await RoundTripsForAsync(inputs, SmallInFlight, warmup).ConfigureAwait(false);
        var (roundTrips, elapsed) = await RoundTripsForAsync(inputs, SmallInFlight, measure).ConfigureAwait(false);
        return new SmallMessageRate(SmallSize, roundTrips * 2.0 / elapsed.TotalSeconds);
    }

    private async Task<double> MedianRoundTripAsync(TensorPayload inputs, int iterations)
    {
        var dendrite = validators[0];
        var echoed = await CallAsync(dendrite, inputs).ConfigureAwait(false);
        if (!echoed.Equals(inputs)) throw new InvalidOperationException($"The axon echoed a different tensor of {inputs.Data.Length} bytes.");
        for (var i = 0; i < Math.Clamp(iterations / 5, 3, 20); i++) await CallAsync(dendrite, inputs).ConfigureAwait(false);

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await CallAsync(dendrite, inputs).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    // Calls started before the deadline are awaited and counted, and the clock stops at the last answer: the same
    // rule as the TCP baseline, so neither side gains from the window's edges.
    private async Task<(long RoundTrips, TimeSpan Elapsed)> RoundTripsForAsync(TensorPayload inputs, int inFlight, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(validators.Take(inFlight).Select(dendrite => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await CallAsync(dendrite, inputs).ConfigureAwait(false);
                done++;
            }
            return done;
        }))).ConfigureAwait(false);
        return (counts.Sum(), Stopwatch.GetElapsedTime(start));
    }

    private async Task<TensorPayload> CallAsync(Dendrite dendrite, TensorPayload inputs)
    {
        var result = (await dendrite.ForwardAsync(axon, NetUid, Synapse, inputs).ConfigureAwait(false))[0];
        if (!result.IsSuccess || result.Outputs!.Data.Length != inputs.Data.Length)
        {
            throw new InvalidOperationException(
                $"A {inputs.Data.Length}-byte forward call over remoting failed: {result.Code} {result.Message}");
        }
        return result.Outputs;
    }

    private static Task<TensorPayload> Echo(Address caller, TensorPayload inputs, SynapseType synapse, CancellationToken token) =>
        Task.FromResult(inputs);

    /// <summary>A float32 tensor of <paramref name="size"/> bytes, seeded so every run sends the same values.</summary>
    private static TensorPayload Payload(int size)
    {
        var random = new Random(size);
        var values = new float[size / sizeof(float)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return TensorPayload.Create(TensorDType.Float32, [values.Length], MemoryMarshal.AsBytes(values.AsSpan()));
    }


    /// <summary>Stops the TCP baseline, then both systems through their coordinated shutdown (validators first, so the axon's side closes last).</summary>
    public async ValueTask DisposeAsync()
    {
        if (tcp is not null) await tcp.DisposeAsync().ConfigureAwait(false);
        await validatorSystem.Terminate().WaitAsync(CallTimeout).ConfigureAwait(false);
        await axonSystem.Terminate().WaitAsync(CallTimeout).ConfigureAwait(false);
        foreach (var key in validatorKeys) key.Dispose();
        axonKey.Dispose();
    }
}
