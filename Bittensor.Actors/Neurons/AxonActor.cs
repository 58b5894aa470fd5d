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

    private void OnForward(ForwardRequest request)
    {
        var replyTo = Sender;
        if (pipeline.Admit(request) is { } refusal)
        {
            Answer(replyTo, refusal);
            return;
        }

        inFlight++;
        var self = Self;
        _ = pipeline.ForwardAsync(request, stopping.Token)
            .ContinueWith(
                t => self.Tell(new AxonCallCompleted(Completed(t), replyTo)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnBackward(BackwardRequest request)
    {
        var replyTo = Sender;
        if (pipeline.Admit(request) is { } refusal)
        {
            Answer(replyTo, refusal);
            return;
        }

        inFlight++;
        var self = Self;
        _ = pipeline.BackwardAsync(request, stopping.Token)
            .ContinueWith(
                t => self.Tell(new AxonCallCompleted(Completed(t), replyTo)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static IProtocolMessage Completed(Task<ForwardResponse> task) =>
        task.IsCompletedSuccessfully
            ? task.Result
            : new ForwardResponse(ReturnCode.UnknownException, AxonPipeline.Describe("The axon failed", task.Exception ?? new Exception("cancelled")), null);

    private static IProtocolMessage Completed(Task<BackwardResponse> task) =>
        task.IsCompletedSuccessfully
            ? task.Result
            : new BackwardResponse(ReturnCode.UnknownException, AxonPipeline.Describe("The axon failed", task.Exception ?? new Exception("cancelled")));

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
