using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Bittensor.Identity;
using Address = Bittensor.Identity.Address;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// The fan-out client (Bittensor's dendrite, bittensor-reference.md §8): sends one forward call to many axons at
/// once and returns, per axon and in the order given, the code, message, outputs and latency; and sends the
/// gradients of those outputs back the same way (<see cref="BackwardAsync"/>). Requests are signed
/// by the caller's <see cref="RequestSigner"/>; with <see cref="UseSessions"/> (the default) the first call to an
/// axon sets up a session by handshake and later calls carry a cheap MAC; a refused handshake falls back to
/// an Ed25519 signature for that call. Never throws for a call: a dead or silent axon gives
/// <see cref="ReturnCode.Timeout"/>, any other failure <see cref="ReturnCode.UnknownException"/>; each axon's
/// whole exchange (handshake included) is bounded by the timeout, so the call returns within about the timeout.
/// </summary>
/// <remarks>
/// Nonces strictly increase per sender, so make one call at a time per dendrite (an actor's, for example): two
/// concurrent calls to the same axon may arrive out of order and the later one be refused as a replay.
/// </remarks>
public sealed class Dendrite
{
    private readonly ConcurrentDictionary<Address, Session> sessions = new();

    /// <summary>Creates the dendrite of the caller whose hotkey signs with <paramref name="signer"/>.</summary>
    public Dendrite(RequestSigner signer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A dendrite timeout is positive.");
        }

        Signer = signer;
        Timeout = timeout;
    }

    /// <summary>The caller's signer.</summary>
    public RequestSigner Signer { get; }

    /// <summary>The default time an axon has to answer (Bittensor's <c>--dendrite.timeout</c>).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether to set up a session with each axon (else every request is signed).</summary>
    public bool UseSessions { get; init; } = true;

    /// <summary>Number of axons this dendrite holds a session with.</summary>
    public int SessionCount => sessions.Count;

    /// <summary>
    /// Calls every axon of <paramref name="axons"/> at once with <paramref name="inputs"/> and returns their answers
    /// in the same order. Never throws for a failed call (only for null or invalid arguments).
    /// </summary>
    public async Task<IReadOnlyList<DendriteResult>> ForwardAsync(
        IReadOnlyList<AxonTarget> axons, ushort netUid, SynapseType synapse, TensorPayload inputs,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(axons);
        ArgumentNullException.ThrowIfNull(inputs);
        var limit = CheckLimit(timeout);
        var bodyHash = RequestBody.ForwardHash(netUid, synapse, inputs);
        var calls = new Task<DendriteResult>[axons.Count];
        for (var i = 0; i < axons.Count; i++)
        {
            calls[i] = CallAsync<ForwardResponse, DendriteResult>(
                axons[i], bodyHash, credential => new ForwardRequest(netUid, credential, synapse, inputs),
                response => (response.Code, response.Message),
                (axon, code, message, response, latency) =>
                    new DendriteResult(axon, code, message, code == ReturnCode.Success ? response?.Outputs : null, latency),
                limit, cancellationToken);
        }

        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends each axon of <paramref name="calls"/> at once the gradients of its own outputs (Bittensor's
    /// <c>Backward</c>, bittensor-reference.md §8: "validators send gradients back to servers"), with the forward
    /// call's <paramref name="inputs"/>, and returns their acknowledgements in the same order. The same guarantees
    /// as <see cref="ForwardAsync"/>: sessions reused, each exchange bounded by the timeout, never throws for a
    /// failed call (only for null or invalid arguments); an answer that is not a backward response gives
    /// <see cref="ReturnCode.InvalidResponse"/>.
    /// </summary>
    public async Task<IReadOnlyList<BackwardResult>> BackwardAsync(
        IReadOnlyList<BackwardCall> calls, ushort netUid, SynapseType synapse, TensorPayload inputs,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(inputs);
        var limit = CheckLimit(timeout);
        for (var i = 0; i < calls.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(calls[i], nameof(calls));
        }

        var results = new Task<BackwardResult>[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var gradients = calls[i].Gradients;
            results[i] = CallAsync<BackwardResponse, BackwardResult>(
                calls[i].Axon, RequestBody.BackwardHash(netUid, synapse, inputs, gradients),
                credential => new BackwardRequest(netUid, credential, synapse, inputs, gradients),
                response => (response.Code, response.Message),
                (axon, code, message, _, latency) => new BackwardResult(axon, code, message, latency),
                limit, cancellationToken);
        }

        return await Task.WhenAll(results).ConfigureAwait(false);
    }

    /// <summary>Forgets the session with <paramref name="axon"/> (the next call sets up a new one).</summary>
    public bool Forget(Address axon) => sessions.TryRemove(axon, out _);

    private TimeSpan CheckLimit(TimeSpan? timeout)
    {
        var limit = timeout ?? Timeout;
        return limit > TimeSpan.Zero
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A timeout is positive.");
    }

    // One exchange with one axon, forward or backward alike: session (or signature), request, answer of the
    // expected type, and every failure turned into a code. The response is passed on only when it is a TResponse.
    private async Task<TResult> CallAsync<TResponse, TResult>(
        AxonTarget axon, byte[] bodyHash, Func<RequestCredential, IProtocolMessage> request,
        Func<TResponse, (ReturnCode Code, string Message)> outcome,
        Func<AxonTarget, ReturnCode, string, TResponse?, TimeSpan, TResult> result,
        TimeSpan limit, CancellationToken cancellationToken)
        where TResponse : class, IProtocolMessage
    {
        ArgumentNullException.ThrowIfNull(axon);
        var clock = Stopwatch.StartNew();
        TResult Result(ReturnCode code, string message, TResponse? response = null) =>
            result(axon, code, Truncate(message), response, clock.Elapsed);

        // Each Ask already carries what is left of the limit, so the deadline token only matters for passing on a
        // caller's cancellation; a token that can never be cancelled (a validator's) is spared a linked source and
        // its timer per call, the bulk of a fan-out's overhead after the messages themselves.
        using var deadline = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        deadline?.CancelAfter(limit);
        var token = deadline?.Token ?? CancellationToken.None;
        try
        {
            var session = UseSessions ? await SessionAsync(axon, limit - clock.Elapsed, token).ConfigureAwait(false) : null;
            var credential = session is not null
                ? Signer.SealHash(session, bodyHash)
                : Signer.SignHash(axon.Hotkey, bodyHash);
            var reply = await axon.Ref.Ask<object>(request(credential), Remaining(limit, clock), token).ConfigureAwait(false);
            if (reply is not TResponse response)
            {
                return Result(ReturnCode.InvalidResponse, $"The axon answered {reply.GetType().Name}, not a {typeof(TResponse).Name}.");
            }

            var (code, message) = outcome(response);
            if (session is not null && code == ReturnCode.Unauthenticated)
            {
                sessions.TryRemove(new KeyValuePair<Address, Session>(axon.Hotkey, session)); // e.g. the axon restarted
            }

            return Result(code, message, response);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException or TimeoutException)
        {
            return Result(ReturnCode.Timeout, $"No answer from {axon.Hotkey} within {limit.TotalMilliseconds:0} ms.");
        }
        catch (Exception e)
        {
            return Result(ReturnCode.UnknownException, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The session with the axon, set up now if needed; null when the axon refuses one (the call is then signed).</summary>
    private async Task<Session?> SessionAsync(AxonTarget axon, TimeSpan remaining, CancellationToken token)
    {
        if (sessions.TryGetValue(axon.Hotkey, out var held))
        {
            return held;
        }

        using var initiation = Signer.BeginHandshake(axon.Hotkey);
        var reply = await axon.Ref.Ask<object>(new HandshakeRequest(initiation.Offer), Positive(remaining), token)
            .ConfigureAwait(false);
        if (reply is HandshakeResponse { Answer: var answer }
            && initiation.Complete(answer, out var session) == AuthResult.Ok && session is not null)
        {
            sessions[axon.Hotkey] = session;
            return session;
        }

        return null;
    }

    private static TimeSpan Remaining(TimeSpan limit, Stopwatch clock) => Positive(limit - clock.Elapsed);

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.FromMilliseconds(1) ? span : TimeSpan.FromMilliseconds(1);

    private static string Truncate(string message) =>
        message.Length <= ProtocolLimits.MaxMessageLength ? message : message[..(ProtocolLimits.MaxMessageLength - 1)] + "…";
}
