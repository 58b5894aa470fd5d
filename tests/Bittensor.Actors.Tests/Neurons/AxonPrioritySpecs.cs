using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// <see cref="AxonActor"/> under load: at most <see cref="AxonSettings.MaxConcurrentCalls"/> models run, the others
/// wait in stake order, the queue is bounded, and the timeout counts from admission. Runs on Akka's virtual-time
/// <see cref="TestScheduler"/>, so a deadline passes when the spec advances the clock, never by waiting. The busy
/// axon is a model that holds the first call on a gate the spec opens.
/// </summary>
public sealed class AxonPrioritySpecs : TestKit
{
    private const ushort NetUid = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Keypair axonKey = Keypair.Generate();
    private readonly Keypair firstKey = Keypair.Generate();
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<Address> seen = new();
    private readonly TensorPayload tokens = Tokens(2, 3);

    public AxonPrioritySpecs()
        : base("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """)
    {
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private static TensorPayload Tokens(params long[] shape)
    {
        var values = new long[shape.Aggregate(1L, (a, b) => a * b)];
        return TensorPayload.Create(TensorDType.Int64, shape, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    // Records every caller it serves, in order; holds the first caller's call until the gate opens.
    private async Task<TensorPayload> GatedModel(Address caller, TensorPayload inputs, SynapseType synapse, CancellationToken token)
    {
        seen.Enqueue(caller);
        if (caller == firstKey.Address)
        {
            await gate.Task.WaitAsync(token);
        }

        return inputs;
    }

    private IActorRef Axon(Func<AxonSettings, AxonSettings> configure) =>
        Sys.ActorOf(AxonActor.Props(configure(new AxonSettings(axonKey, GatedModel) { MaxConcurrentCalls = 1, Timeout = TimeSpan.FromMinutes(1) })));

    /// <summary>Sends a forward call signed by <paramref name="caller"/>; its answer goes to the returned probe.</summary>
    private TestProbe Send(IActorRef axon, Keypair caller)
    {
        var probe = CreateTestProbe();
        var hash = RequestBody.ForwardHash(NetUid, SynapseType.TextLastHiddenState, tokens);
        axon.Tell(new ForwardRequest(NetUid, new RequestSigner(caller).SignHash(axonKey.Address, hash), SynapseType.TextLastHiddenState, tokens), probe.Ref);
        return probe;
    }

    private AxonStats Stats(IActorRef axon)
    {
        axon.Tell(GetAxonStats.Instance);
        return ExpectMsg<AxonStats>(Wait);
    }

    [Fact]
    public void Calls_waiting_for_a_busy_axon_should_be_served_by_the_callers_stake_highest_first()
    {
        Keypair low = Keypair.Generate(), high = Keypair.Generate(), medium = Keypair.Generate();
        var stake = new Dictionary<Address, double> { [firstKey.Address] = 0, [low.Address] = 1, [high.Address] = 100, [medium.Address] = 50 };
        var axon = Axon(s => s with { Priority = caller => stake[caller] });

        var first = Send(axon, firstKey);
        var probes = new[] { Send(axon, low), Send(axon, high), Send(axon, medium) };
        var busy = Stats(axon);
        Assert.Equal(1, busy.InFlight);
        Assert.Equal(3, busy.Queued);

        gate.SetResult();

        Assert.Equal(ReturnCode.Success, first.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.All(probes, probe => Assert.Equal(ReturnCode.Success, probe.ExpectMsg<ForwardResponse>(Wait).Code));
        Assert.Equal([firstKey.Address, high.Address, medium.Address, low.Address], seen);
        var idle = Stats(axon);
        Assert.Equal(0, idle.InFlight);
        Assert.Equal(0, idle.Queued);
        Assert.Equal(4, idle.Answered[ReturnCode.Success]);
    }

    [Fact]
    public void A_priority_that_throws_or_is_nan_should_put_its_caller_last_with_ties_in_arrival_order()
    {
        Keypair throws = Keypair.Generate(), nan = Keypair.Generate(), low = Keypair.Generate(), other = Keypair.Generate();
        var axon = Axon(s => s with
        {
            Priority = caller =>
                caller == throws.Address ? throw new InvalidOperationException("stake lookup failed")
                : caller == nan.Address ? double.NaN
                : caller == low.Address ? -1e300
                : 0,
        });

        Send(axon, firstKey);
        var probes = new[] { Send(axon, throws), Send(axon, nan), Send(axon, low), Send(axon, other) };
        Assert.Equal(4, Stats(axon).Queued);
        gate.SetResult();

        Assert.All(probes, probe => Assert.Equal(ReturnCode.Success, probe.ExpectMsg<ForwardResponse>(Wait).Code));
        Assert.Equal([firstKey.Address, other.Address, low.Address, throws.Address, nan.Address], seen);
    }

    [Fact]
    public void A_call_whose_timeout_passes_in_the_queue_should_get_timeout_at_its_deadline_and_never_reach_the_model()
    {
        var late = Keypair.Generate();
        var axon = Axon(s => s);

        var first = Send(axon, firstKey);
        var queued = Send(axon, late);
        Assert.Equal(1, Stats(axon).Queued);

        Clock.Advance(TimeSpan.FromMinutes(1));

        // Answered while the first call still holds the only slot: nobody waits past the timeout for a slot.
        var timedOut = queued.ExpectMsg<ForwardResponse>(Wait);
        Assert.Equal(ReturnCode.Timeout, timedOut.Code);
        Assert.Null(timedOut.Outputs);
        Assert.Contains("queue", timedOut.Message);
        Assert.Equal(0, Stats(axon).Queued);

        gate.SetResult();
        Assert.Equal(ReturnCode.Success, first.ExpectMsg<ForwardResponse>(Wait).Code);
        var stats = Stats(axon);
        Assert.Equal(1, stats.Answered[ReturnCode.Timeout]);
        Assert.Equal(1, stats.Answered[ReturnCode.Success]);
        Assert.Equal([firstKey.Address], seen);
    }

    [Fact]
    public void A_call_queued_before_the_deadline_passes_should_still_run_when_a_slot_frees_in_time()
    {
        var patient = Keypair.Generate();
        var axon = Axon(s => s);

        var first = Send(axon, firstKey);
        var queued = Send(axon, patient);
        Assert.Equal(1, Stats(axon).Queued);

        Clock.Advance(TimeSpan.FromSeconds(59));
        queued.ExpectNoMsg(TimeSpan.Zero);
        gate.SetResult();

        Assert.Equal(ReturnCode.Success, first.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.Equal(ReturnCode.Success, queued.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.Equal([firstKey.Address, patient.Address], seen);
    }

    [Fact]
    public void A_full_queue_should_answer_nucleus_full_to_the_call_of_lowest_priority()
    {
        Keypair low = Keypair.Generate(), lower = Keypair.Generate(), high = Keypair.Generate();
        var stake = new Dictionary<Address, double> { [firstKey.Address] = 0, [low.Address] = 10, [lower.Address] = 5, [high.Address] = 100 };
        var axon = Axon(s => s with { Priority = caller => stake[caller], MaxQueuedCalls = 1 });

        var first = Send(axon, firstKey);
        var lowProbe = Send(axon, low);
        var lowerProbe = Send(axon, lower);

        // The newcomer ranks below the one waiting: it is refused.
        var refused = lowerProbe.ExpectMsg<ForwardResponse>(Wait);
        Assert.Equal(ReturnCode.NucleusFull, refused.Code);
        Assert.Null(refused.Outputs);

        // The newcomer ranks above the one waiting: it takes its place.
        var highProbe = Send(axon, high);
        var displaced = lowProbe.ExpectMsg<ForwardResponse>(Wait);
        Assert.Equal(ReturnCode.NucleusFull, displaced.Code);
        Assert.Equal(1, Stats(axon).Queued);

        gate.SetResult();
        Assert.Equal(ReturnCode.Success, first.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.Equal(ReturnCode.Success, highProbe.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.Equal([firstKey.Address, high.Address], seen);
        Assert.Equal(2, Stats(axon).Answered[ReturnCode.NucleusFull]);
    }

    [Fact]
    public async Task Backward_calls_should_wait_in_the_same_queue_as_forward_calls()
    {
        var trainer = Keypair.Generate();
        var trained = new TaskCompletionSource<Address>(TaskCreationOptions.RunContinuationsAsynchronously);
        var axon = Axon(s => s with
        {
            Backward = (caller, _, _, _, _) =>
            {
                trained.TrySetResult(caller);
                return Task.CompletedTask;
            },
        });
        var gradients = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);
        var hash = RequestBody.BackwardHash(NetUid, SynapseType.TextLastHiddenState, tokens, gradients);

        var first = Send(axon, firstKey);
        var backward = CreateTestProbe();
        axon.Tell(new BackwardRequest(NetUid, new RequestSigner(trainer).SignHash(axonKey.Address, hash), SynapseType.TextLastHiddenState, tokens, gradients), backward.Ref);
        Assert.Equal(1, Stats(axon).Queued);
        Assert.False(trained.Task.IsCompleted);

        gate.SetResult();
        Assert.Equal(ReturnCode.Success, first.ExpectMsg<ForwardResponse>(Wait).Code);
        Assert.Equal(ReturnCode.Success, backward.ExpectMsg<BackwardResponse>(Wait).Code);
        Assert.Equal(trainer.Address, await trained.Task.WaitAsync(Wait));
    }

    [Fact]
    public void Settings_should_default_to_bittensors_worker_count_and_refuse_bounds_out_of_range()
    {
        var settings = new AxonSettings(axonKey, GatedModel);

        Assert.Equal(10, settings.MaxConcurrentCalls);
        Assert.Equal(1024, settings.MaxQueuedCalls);
        Assert.Null(settings.Priority);
        Assert.Equal(0, (settings with { MaxQueuedCalls = 0 }).MaxQueuedCalls);
        Assert.Equal(1024, (settings with { MaxConcurrentCalls = 1024 }).MaxConcurrentCalls);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings with { MaxConcurrentCalls = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => settings with { MaxConcurrentCalls = 1025 });
        Assert.Throws<ArgumentOutOfRangeException>(() => settings with { MaxQueuedCalls = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => settings with { MaxQueuedCalls = (1 << 20) + 1 });
    }
}
