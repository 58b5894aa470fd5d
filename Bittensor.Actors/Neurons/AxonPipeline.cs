using System.Diagnostics;
using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// What an axon does with each call, without the actor: admission (synchronous: subnet, authentication and replay,
/// blacklist, inputs) and the model call (asynchronous, bounded by the timeout). Never throws for any request.
/// Between the two, the <see cref="AxonActor"/> queues calls by priority (<see cref="AxonCallQueue{T}"/>).
/// <para>Return codes (the closest of <see cref="ReturnCode"/>):</para>
/// <list type="bullet">
/// <item>credential not for us, bad signature, bad MAC, unknown session, malformed, replayed nonce →
/// <see cref="ReturnCode.Unauthenticated"/> (the code Bittensor documents for "signature, nonce or blacklist
/// check"; the message names the <see cref="AuthResult"/>);</item>
/// <item>blacklisted caller (or a blacklist hook that throws) → <see cref="ReturnCode.Blacklisted"/>;</item>
/// <item>call made in another subnet → <see cref="ReturnCode.InvalidRequest"/>;</item>
/// <item>inputs with no elements → <see cref="ReturnCode.EmptyRequest"/>; wrong dtype →
/// <see cref="ReturnCode.InvalidRequest"/>; wrong rank or last dimension → <see cref="ReturnCode.RequestShapeException"/>;</item>
/// <item>no backward function → <see cref="ReturnCode.NotImplemented"/>;</item>
/// <item>(the actor) the queue is full and the call has the lowest priority, or is pushed out by a higher one →
/// <see cref="ReturnCode.NucleusFull"/> (see <see cref="AxonSettings.MaxQueuedCalls"/>); the timeout passes while the
/// call waits → <see cref="ReturnCode.Timeout"/>, the model never runs;</item>
/// <item>the model throws → <see cref="ReturnCode.UnknownException"/> with the exception's type and message;
/// returns null → <see cref="ReturnCode.EmptyResponse"/>; takes longer than the time left of the timeout (counted from
/// admission) → <see cref="ReturnCode.Timeout"/> (its token is cancelled); the axon stops → <see cref="ReturnCode.Unavailable"/>
/// (sent to nobody: the actor is gone);</item>
/// <item>otherwise <see cref="ReturnCode.Success"/> with the outputs as the model made them (NaN included).</item>
/// </list>
/// </summary>
public sealed class AxonPipeline
{
    // Refused at admission; checked again where the function is called, so that the call never sees it null.
    private static readonly BackwardResponse NoBackward = new(ReturnCode.NotImplemented, "This axon serves no backward.");

    private readonly AxonSettings settings;

    /// <summary>Creates the pipeline of <paramref name="settings"/>.</summary>
    public AxonPipeline(AxonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        Authenticator = new RequestAuthenticator(settings.Hotkey, settings.Nonces);
    }

    /// <summary>The axon's sessions and replay guard.</summary>
    public RequestAuthenticator Authenticator { get; }

    /// <summary>The axon's hotkey address.</summary>
    public Address Hotkey => settings.Hotkey.Address;

    /// <summary>Answers a handshake: the answer, or a <see cref="ForwardResponse"/> with <see cref="ReturnCode.Unauthenticated"/>.</summary>
    public IProtocolMessage Handshake(HandshakeRequest request)
    {
        try
        {
            var result = Authenticator.AcceptHandshake(request.Offer, out var answer);
            return result == AuthResult.Ok && answer is not null
                ? new HandshakeResponse(answer)
                : new ForwardResponse(ReturnCode.Unauthenticated, $"Handshake refused: {result}.", null);
        }
        catch (Exception e)
        {
            return new ForwardResponse(ReturnCode.Unauthenticated, Describe("Handshake refused", e), null);
        }
    }

    /// <summary>Admits a forward call: null when the model should run, else the refusal to send back.</summary>
    public ForwardResponse? Admit(ForwardRequest request)
    {
        var refusal = AdmitCaller(request.NetUid, request.Credential, () => RequestBody.ForwardHash(request));
        if (refusal is { } r)
        {
            return new ForwardResponse(r.Code, r.Message, null);
        }

        return settings.Inputs.Check(request.Inputs) is { } bad ? new ForwardResponse(bad.Code, bad.Message, null) : null;
    }

    /// <summary>Admits a backward call: null when the model should run, else the refusal to send back.</summary>
    public BackwardResponse? Admit(BackwardRequest request)
    {
        var refusal = AdmitCaller(request.NetUid, request.Credential, () => RequestBody.BackwardHash(request));
        if (refusal is { } r)
        {
            return new BackwardResponse(r.Code, r.Message);
        }

        if (settings.Backward is null)
        {
            return NoBackward;
        }

        return settings.Inputs.Check(request.Inputs) is { } bad ? new BackwardResponse(bad.Code, bad.Message) : null;
    }

    /// <summary>Runs the model on an admitted forward call, within the timeout. Never throws.</summary>
    public Task<ForwardResponse> ForwardAsync(ForwardRequest request, CancellationToken stopping) =>
        ForwardAsync(request, settings.Timeout, stopping);

    /// <summary>Runs the model on an admitted forward call, within <paramref name="timeout"/> (what is left of the axon's). Never throws.</summary>
    public async Task<ForwardResponse> ForwardAsync(ForwardRequest request, TimeSpan timeout, CancellationToken stopping)
    {
        var caller = request.Credential.Sender;
        var outcome = await Bounded(
            token => settings.Forward(caller, request.Inputs, request.Synapse, token), timeout, stopping).ConfigureAwait(false);
        return outcome switch
        {
            { Error: { } error } => new ForwardResponse(error.Code, error.Message, null),
            { Value: null } => new ForwardResponse(ReturnCode.EmptyResponse, "The model returned no tensor.", null),
            { Value: { } outputs } => new ForwardResponse(ReturnCode.Success, "", outputs),
        };
    }

    /// <summary>Runs the model's backward on an admitted backward call, within the timeout. Never throws.</summary>
    public Task<BackwardResponse> BackwardAsync(BackwardRequest request, CancellationToken stopping) =>
        BackwardAsync(request, settings.Timeout, stopping);

    /// <summary>Runs the model's backward on an admitted backward call, within <paramref name="timeout"/> (what is left of the axon's). Never throws.</summary>
    public async Task<BackwardResponse> BackwardAsync(BackwardRequest request, TimeSpan timeout, CancellationToken stopping)
    {
        var backward = settings.Backward;
        if (backward is null)
        {
            return NoBackward;
        }

        var caller = request.Credential.Sender;
        var outcome = await Bounded<object>(
            async token =>
            {
                await backward(caller, request.Inputs, request.Gradients, request.Synapse, token).ConfigureAwait(false);
                return true;
            },
            timeout, stopping).ConfigureAwait(false);
        return outcome.Error is { } error
            ? new BackwardResponse(error.Code, error.Message)
            : new BackwardResponse(ReturnCode.Success, "");
    }

    private (ReturnCode Code, string Message)? AdmitCaller(ushort netUid, RequestCredential credential, Func<byte[]> bodyHash)
    {
        if (settings.NetUid is { } served && served != netUid)
        {
            return (ReturnCode.InvalidRequest, $"This axon serves subnet {served}, not {netUid}.");
        }

        AuthResult auth;
        try
        {
            auth = Authenticator.VerifyHash(credential, bodyHash());
        }
        catch (Exception e)
        {
            return (ReturnCode.Unauthenticated, Describe("Credential refused", e));
        }

        if (auth != AuthResult.Ok)
        {
            return (ReturnCode.Unauthenticated, auth == AuthResult.ReplayedNonce
                ? $"Credential refused: {auth} (nonce {credential.Nonce} is not above the last one accepted from this sender)."
                : $"Credential refused: {auth}.");
        }

        bool blacklisted;
        try
        {
            blacklisted = settings.Blacklist?.Invoke(credential.Sender) ?? false;
        }
        catch (Exception e)
        {
            return (ReturnCode.Blacklisted, Describe("The blacklist check failed", e));
        }

        return blacklisted ? (ReturnCode.Blacklisted, $"{credential.Sender} is blacklisted by this axon.") : null;
    }

    private async Task<(T? Value, (ReturnCode Code, string Message)? Error)> Bounded<T>(
        Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken stopping)
        where T : class
    {
        if (timeout <= TimeSpan.Zero)
        {
            return (null, (ReturnCode.Timeout, "The timeout passed before the model could run."));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var started = Stopwatch.GetTimestamp();
        Task<T> running;
        if (settings.RunsInline)
        {
            // The model promised to be quick and non-blocking: no thread-pool hop, and no timer when it is done at once.
            try
            {
                running = call(cancel.Token);
            }
            catch (Exception e)
            {
                running = Task.FromException<T>(e);
            }
        }
        else
        {
            // On the thread pool, so a model that blocks before its first await cannot hold the caller (the actor).
            running = Task.Run(() => call(cancel.Token), CancellationToken.None);
        }

        try
        {
            if (running.IsCompleted)
            {
                // Nothing to wait for, so no timer (WaitAsync takes a finished task as it is too). An inline model
                // could not be interrupted, so the time it took decides instead, as the timer would have.
                if (settings.RunsInline && Stopwatch.GetElapsedTime(started) > timeout)
                {
                    Observe(running);
                    return (null, (ReturnCode.Timeout, $"The model did not answer within {timeout.TotalMilliseconds:0} ms."));
                }

                return (await running.ConfigureAwait(false), null);
            }

            var value = await running.WaitAsync(timeout, stopping).ConfigureAwait(false);
            return (value, null);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            Observe(running);
            return (null, (ReturnCode.Timeout, $"The model did not answer within {timeout.TotalMilliseconds:0} ms."));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            Observe(running);
            return (null, (ReturnCode.Unavailable, "The axon is stopping."));
        }
        catch (OperationCanceledException e)
        {
            // The model cancelled itself before the timeout: an error of the model's.
            return (null, (ReturnCode.UnknownException, Describe("The model failed", e)));
        }
        catch (Exception e)
        {
            return (null, (ReturnCode.UnknownException, Describe("The model failed", e)));
        }
    }

    /// <summary>Keeps an abandoned model task's late exception from going unobserved.</summary>
    private static void Observe(Task task) =>
        _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    internal static string Describe(string what, Exception e)
    {
        var text = $"{what}: {e.GetType().Name}: {e.Message}";
        return text.Length <= ProtocolLimits.MaxMessageLength ? text : text[..(ProtocolLimits.MaxMessageLength - 1)] + "…";
    }
}
