using System.Collections.Immutable;
using Akka.Actor;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Neurons;

/// <summary>
/// A miner's server (Bittensor's axon, bittensor-reference.md §6): answers handshakes, forward and backward calls
/// for one hotkey. Thin: admission and the model call are <see cref="AxonPipeline"/>'s, the waiting line
/// <see cref="AxonCallQueue{T}"/>'s. Admission runs on the actor; at most <see cref="AxonSettings.MaxConcurrentCalls"/>
/// admitted calls run at once, on the thread pool, so slow calls overlap and never block the mailbox, and each
/// model's answer comes back as a message before it is sent. The others wait, served by the caller's
/// <see cref="AxonSettings.Priority"/> (its stake: higher first, ties in arrival order), at most
/// <see cref="AxonSettings.MaxQueuedCalls"/> of them. The timeout counts from admission: a call whose time runs out
/// while it waits is answered <see cref="ReturnCode.Timeout"/> when its deadline passes (a timer) and never runs.
/// Every protocol request gets exactly one answer, whatever it holds (codes: see <see cref="AxonPipeline"/>); other
/// messages are unhandled. Stopping the actor cancels the models still running and drops the waiting calls (their
/// callers get no answer: to them the axon is dead).
/// </summary>
public sealed class AxonActor : ReceiveActor, IWithTimers
{
    private readonly AxonSettings settings;
    private readonly AxonPipeline pipeline;
    private readonly AxonCallQueue<PendingCall> waiting;
    private readonly CancellationTokenSource stopping = new();
    // Counted in a plain dictionary (an immutable one allocated per answer); stats take a snapshot.
    private readonly Dictionary<ReturnCode, long> answered = [];
    private int running;

    public AxonActor(AxonSettings settings)
    {
        this.settings = settings;
        pipeline = new AxonPipeline(settings);
        waiting = new AxonCallQueue<PendingCall>(settings.MaxQueuedCalls);

        Receive<HandshakeRequest>(request => Sender.Tell(pipeline.Handshake(request)));
        Receive<ForwardRequest>(OnForward);
        Receive<BackwardRequest>(OnBackward);
        Receive<AxonCallCompleted>(completed =>
        {
            running--;
            Answer(completed.ReplyTo, completed.Response);
            RunWaiting();
        });
        Receive<AxonQueuedCallExpired>(expired =>
        {
            if (waiting.TryRemove(expired.Sequence, out var call))
            {
                AnswerTimedOut(call.Call);
            }
        });
        Receive<GetAxonStats>(_ => Sender.Tell(new AxonStats(pipeline.Hotkey, answered.ToImmutableDictionary(), running, waiting.Count)));
    }

    /// <summary>Set by Akka: the deadlines of waiting calls.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    // The scheduler's clock, the one its timers run on: under a virtual-time scheduler (Akka's TestScheduler, a
    // simulation's clock) deadlines follow virtual time. Its MonotonicClock would not: that is always the machine's.
    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>The props of an axon serving as <paramref name="settings"/> says.</summary>
    public static Props Props(AxonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Akka.Actor.Props.Create(() => new AxonActor(settings));
    }

    protected override void PostStop()
    {
        stopping.Cancel();
        stopping.Dispose();
        base.PostStop();
    }

    private void OnForward(ForwardRequest request) =>
        Serve(pipeline.Admit(request), request.Credential.Sender, (left, token) => pipeline.ForwardAsync(request, left, token),
            (code, message) => new ForwardResponse(code, message, null));

    private void OnBackward(BackwardRequest request) =>
        Serve(pipeline.Admit(request), request.Credential.Sender, (left, token) => pipeline.BackwardAsync(request, left, token),
            (code, message) => new BackwardResponse(code, message));

    // A refused request is answered at once; an admitted one runs now if a slot is free and nobody waits (so a
    // newcomer never overtakes the queue), else it waits its turn.
    private void Serve<TResponse>(
        TResponse? refusal, Address caller, Func<TimeSpan, CancellationToken, Task<TResponse>> call,
        Func<ReturnCode, string, TResponse> refuse)
        where TResponse : class, IProtocolMessage
    {
        var replyTo = Sender;
        if (refusal is not null)
        {
            Answer(replyTo, refusal);
            return;
        }

        var pending = new PendingCall(
            replyTo, Now + settings.Timeout,
            (left, token) => Upcast(call(left, token)),
            (code, message) => refuse(code, message));
        if (running < settings.MaxConcurrentCalls && waiting.Count == 0)
        {
            Start(pending);
            return;
        }

        var queued = waiting.Enqueue(pending, PriorityOf(caller), out var displaced);
        if (displaced is not null)
        {
            Timers.Cancel(displaced.Sequence);
            Answer(displaced.Call.ReplyTo, displaced.Call.Refuse(ReturnCode.NucleusFull,
                $"The axon's queue is full ({settings.MaxQueuedCalls} calls) and a caller of higher priority took this call's place."));
        }

        if (queued is null)
        {
            Answer(replyTo, pending.Refuse(ReturnCode.NucleusFull,
                $"The axon's queue is full ({settings.MaxQueuedCalls} calls) and every waiting call has at least this caller's priority."));
            return;
        }

        Timers.StartSingleTimer(queued.Sequence, new AxonQueuedCallExpired(queued.Sequence), Positive(pending.Deadline - Now));
    }

    private void RunWaiting()
    {
        while (running < settings.MaxConcurrentCalls && waiting.TryDequeue(out var next))
        {
            Timers.Cancel(next.Sequence);
            // The timer may not have fired yet although the deadline passed: the model must not run then.
            if (Now >= next.Call.Deadline)
            {
                AnswerTimedOut(next.Call);
            }
            else
            {
                Start(next.Call);
            }
        }
    }

    // The model runs off the actor and its result (or, if the call itself failed, an UnknownException answer)
    // comes back as a message, so the reply always goes out from here.
    private void Start(PendingCall pending)
    {
        var run = pending.Run(pending.Deadline - Now, stopping.Token);
        if (run.IsCompleted)
        {
            // Done already (a model that runs inline): answer now rather than through a continuation and a message;
            // it never held a slot.
            Answer(pending.ReplyTo, Outcome(run, pending));
            return;
        }

        running++;
        var self = Self;
        _ = run.ContinueWith(
            t => self.Tell(new AxonCallCompleted(Outcome(t, pending), pending.ReplyTo)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static IProtocolMessage Outcome(Task<IProtocolMessage> t, PendingCall pending) =>
        t.IsCompletedSuccessfully
            ? t.Result
            : pending.Refuse(ReturnCode.UnknownException, AxonPipeline.Describe("The axon failed", t.Exception ?? new Exception("cancelled")));

    // Task<TResponse> to Task<IProtocolMessage>: a finished task is re-wrapped without a state machine.
    private static Task<IProtocolMessage> Upcast<TResponse>(Task<TResponse> task)
        where TResponse : class, IProtocolMessage =>
        task.IsCompletedSuccessfully ? Task.FromResult<IProtocolMessage>(task.Result) : UpcastAsync(task);

    private static async Task<IProtocolMessage> UpcastAsync<TResponse>(Task<TResponse> task)
        where TResponse : class, IProtocolMessage => await task.ConfigureAwait(false);

    private void AnswerTimedOut(PendingCall call) =>
        Answer(call.ReplyTo, call.Refuse(ReturnCode.Timeout,
            $"The call waited in the axon's queue past its {settings.Timeout.TotalMilliseconds:0} ms timeout; the model did not run."));

    // Bittensor's priority functions look up stake; a failing lookup puts the caller last rather than refusing it.
    private double PriorityOf(Address caller)
    {
        if (settings.Priority is not { } priority)
        {
            return 0;
        }

        try
        {
            var value = priority(caller);
            return double.IsNaN(value) ? double.NegativeInfinity : value;
        }
        catch (Exception)
        {
            return double.NegativeInfinity;
        }
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private void Answer(IActorRef replyTo, IProtocolMessage response)
    {
        var code = response switch
        {
            ForwardResponse f => f.Code,
            BackwardResponse b => b.Code,
            _ => ReturnCode.NoReturn,
        };
        answered[code] = answered.GetValueOrDefault(code) + 1;
        replyTo.Tell(response, Self);
    }

    /// <summary>An admitted call: who gets the answer, when its time is up, how to run it and how to refuse it.</summary>
    private sealed record PendingCall(
        IActorRef ReplyTo, DateTimeOffset Deadline,
        Func<TimeSpan, CancellationToken, Task<IProtocolMessage>> Run,
        Func<ReturnCode, string, IProtocolMessage> Refuse);
}
