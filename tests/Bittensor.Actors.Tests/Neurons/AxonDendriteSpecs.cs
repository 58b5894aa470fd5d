using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// <see cref="AxonActor"/> and <see cref="Dendrite"/> in one actor system: every request gets one answer with the
/// code its fault calls for (see <see cref="AxonPipeline"/> for the mapping), and a dendrite's fan-out returns a
/// result per axon within its timeout whatever the axons do. No sleeps: every wait is an Ask or ExpectMsg timeout.
/// </summary>
public sealed class AxonDendriteSpecs : TestKit
{
    private const ushort NetUid = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Keypair axonKey = Keypair.Generate();
    private readonly Keypair callerKey = Keypair.Generate();
    private readonly TensorPayload tokens = Tokens(2, 3);

    private static Task<TensorPayload> Echo(Address caller, TensorPayload inputs, SynapseType synapse, CancellationToken token) =>
        Task.FromResult(inputs);

    private static async Task<TensorPayload> Never(Address caller, TensorPayload inputs, SynapseType synapse, CancellationToken token)
    {
        await Task.Delay(System.Threading.Timeout.Infinite, token);
        return inputs;
    }

    private static TensorPayload Tokens(params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new long[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i + 1;
        }

        return TensorPayload.Create(TensorDType.Int64, shape, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private IActorRef Axon(AxonSettings settings) => Sys.ActorOf(AxonActor.Props(settings));

    private IActorRef Axon(Func<AxonSettings, AxonSettings>? configure = null) =>
        Axon((configure ?? (s => s))(new AxonSettings(axonKey, Echo) { Inputs = AxonInputRule.TextTokens, Timeout = Wait }));

    private ForwardRequest Signed(RequestSigner signer, Address receiver, TensorPayload inputs, SynapseType synapse = SynapseType.TextLastHiddenState) =>
        new(NetUid, signer.SignHash(receiver, RequestBody.ForwardHash(NetUid, synapse, inputs)), synapse, inputs);

    private ForwardResponse Call(IActorRef axon, ForwardRequest request)
    {
        axon.Tell(request);
        return ExpectMsg<ForwardResponse>(Wait);
    }

    [Fact]
    public async Task An_echo_miner_should_answer_a_dendrite_with_its_inputs_over_a_session()
    {
        var axon = Axon();
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);

        var first = await dendrite.ForwardAsync([new AxonTarget(axonKey.Address, axon)], NetUid, SynapseType.TextLastHiddenState, tokens);
        var second = await dendrite.ForwardAsync([new AxonTarget(axonKey.Address, axon)], NetUid, SynapseType.TextCausalLM, tokens);

        foreach (var result in first.Concat(second))
        {
            Assert.Equal(ReturnCode.Success, result.Code);
            Assert.True(result.IsSuccess);
            Assert.Equal(tokens, result.Outputs);
            Assert.Equal("", result.Message);
        }

        Assert.Equal(1, dendrite.SessionCount);
    }

    [Fact]
    public void A_signed_request_should_succeed_and_the_miner_should_see_the_authenticated_caller()
    {
        Address? seen = null;
        var axon = Axon(new AxonSettings(axonKey, (caller, inputs, _, _) =>
        {
            seen = caller;
            return Task.FromResult(inputs);
        }));

        var response = Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens));

        Assert.Equal(ReturnCode.Success, response.Code);
        Assert.Equal(tokens, response.Outputs);
        Assert.Equal(callerKey.Address, seen);
    }

    [Fact]
    public void A_forged_signature_or_a_request_for_another_axon_should_be_refused_as_unauthenticated()
    {
        var axon = Axon();
        var forger = Keypair.Generate();
        var hash = RequestBody.ForwardHash(NetUid, SynapseType.TextLastHiddenState, tokens);

        // Signed by another key while claiming to be the caller.
        var forgedTag = RequestSignature.Sign(forger, axonKey.Address, 1, hash);
        var forged = new ForwardRequest(
            NetUid, new RequestCredential(callerKey.Address, axonKey.Address, 1, null, forgedTag), SynapseType.TextLastHiddenState, tokens);
        var refused = Call(axon, forged);
        Assert.Equal(ReturnCode.Unauthenticated, refused.Code);
        Assert.Contains(nameof(AuthResult.BadSignature), refused.Message);
        Assert.Null(refused.Outputs);

        // A genuine signature over other inputs, moved onto these.
        var moved = Signed(new RequestSigner(callerKey), axonKey.Address, Tokens(2, 4)) with { Inputs = tokens };
        Assert.Equal(ReturnCode.Unauthenticated, Call(axon, moved).Code);

        // Addressed to another axon.
        var elsewhere = Call(axon, Signed(new RequestSigner(callerKey), Keypair.Generate().Address, tokens));
        Assert.Equal(ReturnCode.Unauthenticated, elsewhere.Code);
        Assert.Contains(nameof(AuthResult.WrongReceiver), elsewhere.Message);

        // A MAC under a session the axon never set up.
        var unknown = new ForwardRequest(
            NetUid, new RequestCredential(callerKey.Address, axonKey.Address, 5, 42, new byte[RequestMac.Length]),
            SynapseType.TextLastHiddenState, tokens);
        Assert.Contains(nameof(AuthResult.UnknownSession), Call(axon, unknown).Message);

        // The forgeries did not advance the caller's nonce: a genuine request with nonce 1 still goes through.
        Assert.Equal(ReturnCode.Success, Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens)).Code);
    }

    [Fact]
    public void A_replayed_request_should_be_refused_as_unauthenticated()
    {
        var axon = Axon();
        var request = Signed(new RequestSigner(callerKey), axonKey.Address, tokens);

        Assert.Equal(ReturnCode.Success, Call(axon, request).Code);
        var replay = Call(axon, request);

        Assert.Equal(ReturnCode.Unauthenticated, replay.Code);
        Assert.Contains(nameof(AuthResult.ReplayedNonce), replay.Message);
        Assert.Null(replay.Outputs);
    }

    [Fact]
    public void A_blacklisted_caller_should_be_refused_without_running_the_model()
    {
        var calls = 0;
        var axon = Axon(new AxonSettings(axonKey, (_, inputs, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(inputs);
        })
        {
            Blacklist = caller => caller == callerKey.Address,
        });

        var refused = Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens));
        var other = Call(axon, Signed(new RequestSigner(Keypair.Generate()), axonKey.Address, tokens));

        Assert.Equal(ReturnCode.Blacklisted, refused.Code);
        Assert.Null(refused.Outputs);
        Assert.Equal(ReturnCode.Success, other.Code);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Inputs_of_the_wrong_shape_or_dtype_should_be_refused_with_the_matching_code()
    {
        var axon = Axon(s => s with { Inputs = new AxonInputRule(TensorDType.Int64, 2, 3) });
        var signer = new RequestSigner(callerKey);
        var floats = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);

        Assert.Equal(ReturnCode.RequestShapeException, Call(axon, Signed(signer, axonKey.Address, Tokens(2, 3, 4))).Code);
        Assert.Equal(ReturnCode.RequestShapeException, Call(axon, Signed(signer, axonKey.Address, Tokens(2, 4))).Code);
        Assert.Equal(ReturnCode.InvalidRequest, Call(axon, Signed(signer, axonKey.Address, floats)).Code);
        Assert.Equal(ReturnCode.EmptyRequest, Call(axon, Signed(signer, axonKey.Address, Tokens(0, 3))).Code);
        Assert.Equal(ReturnCode.Success, Call(axon, Signed(signer, axonKey.Address, Tokens(2, 3))).Code);
    }

    [Fact]
    public void A_model_that_throws_should_give_an_unknown_exception_with_its_message_and_the_axon_should_keep_serving()
    {
        var axon = Axon(new AxonSettings(axonKey, (_, inputs, _, _) =>
            inputs.Rank == 2 ? throw new InvalidOperationException("the GPU caught fire") : Task.FromResult(inputs)));
        var signer = new RequestSigner(callerKey);

        var failed = Call(axon, Signed(signer, axonKey.Address, tokens));
        var served = Call(axon, Signed(signer, axonKey.Address, Tokens(1, 2, 3)));

        Assert.Equal(ReturnCode.UnknownException, failed.Code);
        Assert.Contains("the GPU caught fire", failed.Message);
        Assert.Equal(ReturnCode.Success, served.Code);
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_should_give_timeout_promptly_and_be_cancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timeout = TimeSpan.FromMilliseconds(200);
        var axon = Axon(new AxonSettings(axonKey, async (_, inputs, _, token) =>
        {
            using var registration = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(System.Threading.Timeout.Infinite, token);
            return inputs;
        })
        { Timeout = timeout });

        var clock = Stopwatch.StartNew();
        var response = Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens));
        clock.Stop();

        Assert.Equal(ReturnCode.Timeout, response.Code);
        Assert.Null(response.Outputs);
        Assert.InRange(clock.Elapsed, timeout - TimeSpan.FromMilliseconds(20), timeout + TimeSpan.FromSeconds(3));
        await cancelled.Task.WaitAsync(Wait); // the model's token was cancelled
    }

    [Fact]
    public void An_inline_model_should_answer_and_its_failures_keep_their_codes()
    {
        var calls = 0;
        var axon = Axon(new AxonSettings(axonKey, (_, inputs, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return inputs.Shape[0] == 3 ? throw new InvalidOperationException("bad batch") : Task.FromResult(inputs);
        })
        { Inputs = AxonInputRule.TextTokens, Timeout = Wait, RunsInline = true });
        var signer = new RequestSigner(callerKey);

        var served = Call(axon, Signed(signer, axonKey.Address, tokens));
        var failed = Call(axon, Signed(signer, axonKey.Address, Tokens(3, 3)));

        Assert.Equal(ReturnCode.Success, served.Code);
        Assert.Equal(tokens, served.Outputs);
        Assert.Equal(ReturnCode.UnknownException, failed.Code);
        Assert.Contains("bad batch", failed.Message);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void An_inline_model_that_overruns_the_timeout_should_give_timeout_not_its_outputs()
    {
        var timeout = TimeSpan.FromMilliseconds(100);
        var axon = Axon(new AxonSettings(axonKey, (_, inputs, _, _) =>
        {
            Thread.Sleep(timeout * 2); // what RunsInline promises not to do: it cannot be interrupted, only refused
            return Task.FromResult(inputs);
        })
        { Timeout = timeout, RunsInline = true });

        var response = Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens));

        Assert.Equal(ReturnCode.Timeout, response.Code);
        Assert.Null(response.Outputs);
    }

    [Fact]
    public async Task An_inline_model_that_returns_an_unfinished_task_should_still_be_bounded_by_the_timeout()
    {
        var timeout = TimeSpan.FromMilliseconds(200);
        var axon = Axon(new AxonSettings(axonKey, Never) { Timeout = timeout, RunsInline = true });
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);

        var clock = Stopwatch.StartNew();
        var result = (await dendrite.ForwardAsync([new AxonTarget(axonKey.Address, axon)], NetUid, SynapseType.TextLastHiddenState, tokens))[0];

        Assert.Equal(ReturnCode.Timeout, result.Code);
        Assert.InRange(clock.Elapsed, timeout - TimeSpan.FromMilliseconds(20), timeout + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_model_that_returns_nan_should_have_it_passed_through()
    {
        var nan = TensorPayload.Create(TensorDType.Float32, [1], BitConverter.GetBytes(float.NaN));
        var axon = Axon(new AxonSettings(axonKey, (_, _, _, _) => Task.FromResult(nan)));

        var response = Call(axon, Signed(new RequestSigner(callerKey), axonKey.Address, tokens));

        Assert.Equal(ReturnCode.Success, response.Code);
        Assert.Equal(nan, response.Outputs);
    }

    [Fact]
    public void Backward_without_a_backward_function_should_be_not_implemented_and_stats_should_count_every_answer()
    {
        var axon = Axon();
        var signer = new RequestSigner(callerKey);
        var gradients = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);
        var backward = new BackwardRequest(
            NetUid, signer.SignHash(axonKey.Address, RequestBody.BackwardHash(NetUid, SynapseType.TextLastHiddenState, tokens, gradients)),
            SynapseType.TextLastHiddenState, tokens, gradients);

        axon.Tell(backward);
        Assert.Equal(ReturnCode.NotImplemented, ExpectMsg<BackwardResponse>(Wait).Code);
        Assert.Equal(ReturnCode.Success, Call(axon, Signed(signer, axonKey.Address, tokens)).Code);

        axon.Tell(GetAxonStats.Instance);
        var stats = ExpectMsg<AxonStats>(Wait);
        Assert.Equal(axonKey.Address, stats.Hotkey);
        Assert.Equal(1, stats.Answered[ReturnCode.NotImplemented]);
        Assert.Equal(1, stats.Answered[ReturnCode.Success]);
        Assert.Equal(0, stats.InFlight);
    }

    [Fact]
    public void A_handshake_for_another_axon_should_be_refused_with_an_answer()
    {
        var axon = Axon();
        using var initiation = new RequestSigner(callerKey).BeginHandshake(Keypair.Generate().Address);

        axon.Tell(new HandshakeRequest(initiation.Offer));
        var refused = ExpectMsg<ForwardResponse>(Wait);

        Assert.Equal(ReturnCode.Unauthenticated, refused.Code);
        Assert.Contains(nameof(AuthResult.WrongReceiver), refused.Message);
    }

    [Fact]
    public async Task A_dendrite_over_a_live_a_dead_and_a_slow_axon_should_answer_for_each_within_its_timeout()
    {
        var liveKey = Keypair.Generate();
        var deadKey = Keypair.Generate();
        var slowKey = Keypair.Generate();
        var live = Axon(new AxonSettings(liveKey, Echo));
        var dead = Axon(new AxonSettings(deadKey, Echo));
        var slow = Axon(new AxonSettings(slowKey, Never) { Timeout = TimeSpan.FromMinutes(1) });
        Watch(dead);
        Sys.Stop(dead);
        ExpectTerminated(dead, Wait);

        var timeout = TimeSpan.FromSeconds(1);
        var dendrite = new Dendrite(new RequestSigner(callerKey), timeout);
        AxonTarget[] targets = [new(liveKey.Address, live), new(deadKey.Address, dead), new(slowKey.Address, slow)];

        var results = await dendrite.ForwardAsync(targets, NetUid, SynapseType.TextLastHiddenState, tokens);

        Assert.Equal(targets, results.Select(r => r.Axon));
        Assert.Equal([ReturnCode.Success, ReturnCode.Timeout, ReturnCode.Timeout], results.Select(r => r.Code));
        Assert.Equal(tokens, results[0].Outputs);
        Assert.Null(results[1].Outputs);
        Assert.Null(results[2].Outputs);
        Assert.All(results, r => Assert.InRange(r.Latency, TimeSpan.Zero, timeout + TimeSpan.FromSeconds(2)));
        Assert.All(results.Skip(1), r => Assert.True(r.Latency >= timeout - TimeSpan.FromMilliseconds(50), $"{r} gave up early"));
        Assert.True(results[0].Latency < timeout, $"the live axon took {results[0].Latency}");
    }

    [Fact]
    public async Task A_dendrite_should_set_up_a_new_session_after_the_axon_restarts_and_work_without_sessions()
    {
        var target = new AxonTarget(axonKey.Address, Axon());
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);
        Assert.Equal(ReturnCode.Success, (await dendrite.ForwardAsync([target], NetUid, SynapseType.TextLastHiddenState, tokens))[0].Code);

        Watch(target.Ref);
        Sys.Stop(target.Ref);
        ExpectTerminated(target.Ref, Wait);
        var restarted = target with { Ref = Axon() }; // same hotkey, no sessions

        var stale = (await dendrite.ForwardAsync([restarted], NetUid, SynapseType.TextLastHiddenState, tokens))[0];
        var renewed = (await dendrite.ForwardAsync([restarted], NetUid, SynapseType.TextLastHiddenState, tokens))[0];

        Assert.Equal(ReturnCode.Unauthenticated, stale.Code);
        Assert.Contains(nameof(AuthResult.UnknownSession), stale.Message);
        Assert.Equal(ReturnCode.Success, renewed.Code);

        var signing = new Dendrite(new RequestSigner(Keypair.Generate()), Wait) { UseSessions = false };
        var signed = (await signing.ForwardAsync([restarted], NetUid, SynapseType.TextLastHiddenState, tokens))[0];
        Assert.Equal(ReturnCode.Success, signed.Code);
        Assert.Equal(0, signing.SessionCount);
    }

    [Fact]
    public async Task A_backward_fan_out_should_reach_the_miner_with_its_gradients_and_keep_the_order_of_the_calls()
    {
        var trainedKey = Keypair.Generate();
        var plainKey = Keypair.Generate();
        var deadKey = Keypair.Generate();
        var received = new ConcurrentQueue<(Address Caller, TensorPayload Inputs, TensorPayload Gradients)>();
        var trained = Axon(new AxonSettings(trainedKey, Echo)
        {
            Backward = (caller, inputs, gradients, _, _) =>
            {
                received.Enqueue((caller, inputs, gradients));
                return Task.CompletedTask;
            },
        });
        var plain = Axon(new AxonSettings(plainKey, Echo));
        var dead = Axon(new AxonSettings(deadKey, Echo));
        Watch(dead);
        Sys.Stop(dead);
        ExpectTerminated(dead, Wait);

        var timeout = TimeSpan.FromSeconds(1);
        var dendrite = new Dendrite(new RequestSigner(callerKey), timeout);
        var gradients = TensorPayload.Create(TensorDType.Float32, [2, 3], MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4, 5, 6 }.AsSpan()));
        var otherGradients = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);
        BackwardCall[] calls =
        [
            new(new AxonTarget(trainedKey.Address, trained), gradients),
            new(new AxonTarget(plainKey.Address, plain), otherGradients),
            new(new AxonTarget(deadKey.Address, dead), otherGradients),
        ];

        var results = await dendrite.BackwardAsync(calls, NetUid, SynapseType.TextLastHiddenState, tokens);

        Assert.Equal(calls.Select(c => c.Axon), results.Select(r => r.Axon));
        Assert.Equal([ReturnCode.Success, ReturnCode.NotImplemented, ReturnCode.Timeout], results.Select(r => r.Code));
        Assert.True(results[0].IsSuccess);
        Assert.False(results[1].IsSuccess);
        var (caller, inputs, seenGradients) = Assert.Single(received);
        Assert.Equal(callerKey.Address, caller);
        Assert.Equal(tokens, inputs);
        Assert.Equal(gradients, seenGradients);
        Assert.InRange(results[2].Latency, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(2));
        Assert.True(results[0].Latency < timeout, $"the live axon took {results[0].Latency}");
    }

    [Fact]
    public async Task A_backward_after_a_forward_should_reuse_the_session()
    {
        var axon = Axon(s => s with { Backward = (_, _, _, _, _) => Task.CompletedTask });
        var target = new AxonTarget(axonKey.Address, axon);
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);
        var gradients = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);

        var forward = await dendrite.ForwardAsync([target], NetUid, SynapseType.TextLastHiddenState, tokens);
        var backward = await dendrite.BackwardAsync([new BackwardCall(target, gradients)], NetUid, SynapseType.TextLastHiddenState, tokens);

        Assert.Equal(ReturnCode.Success, forward[0].Code);
        Assert.Equal(ReturnCode.Success, backward[0].Code);
        Assert.Equal(1, dendrite.SessionCount);
        axon.Tell(GetAxonStats.Instance);
        Assert.Equal(2, ExpectMsg<AxonStats>(Wait).Answered[ReturnCode.Success]);
    }

    [Fact]
    public async Task An_answer_of_the_wrong_type_should_be_an_invalid_response_for_forward_and_backward()
    {
        // An "axon" that accepts the handshake like a real one but answers every call with the other call's response.
        var real = Axon();
        var confused = Sys.ActorOf(Props.Create(() => new ConfusedAxon(real)));
        var target = new AxonTarget(axonKey.Address, confused);
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);
        var gradients = TensorPayload.Create(TensorDType.Float32, [2, 3], new byte[24]);

        var forward = await dendrite.ForwardAsync([target], NetUid, SynapseType.TextLastHiddenState, tokens);
        var backward = await dendrite.BackwardAsync([new BackwardCall(target, gradients)], NetUid, SynapseType.TextLastHiddenState, tokens);

        Assert.Equal(ReturnCode.InvalidResponse, forward[0].Code);
        Assert.Null(forward[0].Outputs);
        Assert.Contains(nameof(BackwardResponse), forward[0].Message);
        Assert.Equal(ReturnCode.InvalidResponse, backward[0].Code);
        Assert.Contains(nameof(ForwardResponse), backward[0].Message);
    }

    [Fact]
    public async Task A_backward_fan_out_should_refuse_null_arguments_and_never_throw_for_a_call()
    {
        var dendrite = new Dendrite(new RequestSigner(callerKey), Wait);

        await Assert.ThrowsAsync<ArgumentNullException>(() => dendrite.BackwardAsync(null!, NetUid, SynapseType.TextLastHiddenState, tokens));
        await Assert.ThrowsAsync<ArgumentNullException>(() => dendrite.BackwardAsync([], NetUid, SynapseType.TextLastHiddenState, null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => dendrite.BackwardAsync([], NetUid, SynapseType.TextLastHiddenState, tokens, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new BackwardCall(null!, tokens));
        Assert.Empty(await dendrite.BackwardAsync([], NetUid, SynapseType.TextLastHiddenState, tokens));
    }

    /// <summary>Hands handshakes to a real axon, and answers forward with a backward response and backward with a forward one.</summary>
    private sealed class ConfusedAxon : ReceiveActor
    {
        public ConfusedAxon(IActorRef real)
        {
            Receive<HandshakeRequest>(request => real.Forward(request));
            Receive<ForwardRequest>(_ => Sender.Tell(new BackwardResponse(ReturnCode.Success, "")));
            Receive<BackwardRequest>(_ => Sender.Tell(new ForwardResponse(ReturnCode.Success, "", null)));
        }
    }
}
