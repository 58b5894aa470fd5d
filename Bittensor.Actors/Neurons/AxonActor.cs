using System.Collections.Immutable;
using Akka.Actor;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// A miner's server (Bittensor's axon, bittensor-reference.md §6): answers handshakes, forward and backward calls
/// for one hotkey. Thin: admission and the model call are <see cref="AxonPipeline"/>'s. Admission runs on the
/// actor; the model runs on the thread pool, so slow calls overlap and never block the mailbox, and its answer
/// comes back as a message before it is sent. Every protocol request gets exactly one answer, whatever it holds
/// (codes: see <see cref="AxonPipeline"/>); other messages are unhandled. Stopping the actor cancels the models
/// still running (their callers get no answer: to them the axon is dead). Requests are served in arrival order;
/// priority by caller stake is not implemented yet.
/// </summary>
public sealed class AxonActor : ReceiveActor
{
    private readonly AxonPipeline pipeline;
    private readonly CancellationTokenSource stopping = new();
    private ImmutableDictionary<ReturnCode, long> answered = ImmutableDictionary<ReturnCode, long>.Empty;
    private int inFlight;

    public AxonActor(AxonSettings settings)
    {
        pipeline = new AxonPipeline(settings);

        Receive<HandshakeRequest>(request => Sender.Tell(pipeline.Handshake(request)));
        Receive<ForwardRequest>(OnForward);
        Receive<BackwardRequest>(OnBackward);
        Receive<AxonCallCompleted>(completed =>
        {
            inFlight--;
            Answer(completed.ReplyTo, completed.Response);
        });
        Receive<GetAxonStats>(_ => Sender.Tell(new AxonStats(pipeline.Hotkey, answered, inFlight)));
    }

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
        Serve(pipeline.Admit(request), token => pipeline.ForwardAsync(request, token),
            failure => new ForwardResponse(ReturnCode.UnknownException, failure, null));

    private void OnBackward(BackwardRequest request) =>
        Serve(pipeline.Admit(request), token => pipeline.BackwardAsync(request, token),
            failure => new BackwardResponse(ReturnCode.UnknownException, failure));

    // A refused request is answered at once; an admitted one runs off the actor and its result (or, if the call
    // itself failed, an UnknownException answer) comes back as a message, so the reply always goes out from here.
    private void Serve<TResponse>(TResponse? refusal, Func<CancellationToken, Task<TResponse>> call, Func<string, TResponse> failed)
        where TResponse : class, IProtocolMessage
    {
        var replyTo = Sender;
        if (refusal is not null)
        {
            Answer(replyTo, refusal);
            return;
        }

        inFlight++;
        var self = Self;
        _ = call(stopping.Token).ContinueWith(
            t => self.Tell(new AxonCallCompleted(
                t.IsCompletedSuccessfully ? t.Result : failed(AxonPipeline.Describe("The axon failed", t.Exception ?? new Exception("cancelled"))),
                replyTo)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Answer(IActorRef replyTo, IProtocolMessage response)
    {
        var code = response switch
        {
            ForwardResponse f => f.Code,
            BackwardResponse b => b.Code,
            _ => ReturnCode.NoReturn,
        };
        answered = answered.SetItem(code, answered.GetValueOrDefault(code) + 1);
        replyTo.Tell(response, Self);
    }
}
