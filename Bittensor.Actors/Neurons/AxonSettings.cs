using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// How an <see cref="AxonActor"/> serves (bittensor-reference.md §6.1): the hotkey it answers as, the model's
/// forward and backward, the blacklist, the priority of callers, how many calls run and wait at once, the accepted
/// inputs and the time a call may take.
/// </summary>
public sealed record AxonSettings
{
    /// <summary>Creates the settings of an axon serving <paramref name="forward"/> as <paramref name="hotkey"/>.</summary>
    public AxonSettings(
        Keypair hotkey, Func<Address, TensorPayload, SynapseType, CancellationToken, Task<TensorPayload>> forward)
    {
        ArgumentNullException.ThrowIfNull(hotkey);
        ArgumentNullException.ThrowIfNull(forward);
        if (!hotkey.CanSign)
        {
            throw new ArgumentException("An axon needs its hotkey's private seed to answer handshakes.", nameof(hotkey));
        }

        Hotkey = hotkey;
        Forward = forward;
    }

    /// <summary>The axon's hotkey (with its seed: it signs handshake answers).</summary>
    public Keypair Hotkey { get; }

    /// <summary>
    /// The miner's model: Bittensor's <c>forward(pubkey, inputs, modality)</c> (Litepaper; v1.x README
    /// <c>f(pubkey, inputs_x)</c>). Receives the authenticated caller's hotkey, the request tensor and the synapse;
    /// the token is cancelled when <see cref="Timeout"/> passes or the axon stops. Runs on the thread pool, never on
    /// the axon's thread. NaN or infinite outputs are the miner's business: the axon passes them through.
    /// </summary>
    public Func<Address, TensorPayload, SynapseType, CancellationToken, Task<TensorPayload>> Forward { get; }

    /// <summary>
    /// The miner's backward (caller, the forward call's inputs, the gradients, synapse, token), or null: backward
    /// calls are then answered <see cref="ReturnCode.NotImplemented"/>. The axon only acknowledges (Bittensor never
    /// returns input gradients for text).
    /// </summary>
    public Func<Address, TensorPayload, TensorPayload, SynapseType, CancellationToken, Task>? Backward { get; init; }

    /// <summary>
    /// Whether a caller is refused (Bittensor's <c>blacklist(pubkey, request_type)</c>, e.g. "not registered on the
    /// subnet" or "stake below the threshold"); null accepts everyone. Runs after authentication, on the axon's
    /// thread: keep it quick and non-blocking. An exception counts as blacklisted.
    /// </summary>
    public Func<Address, bool>? Blacklist { get; init; }

    /// <summary>
    /// The caller's priority when calls must wait (Bittensor's <c>priority(pubkey, inputs_x, request_type)</c>,
    /// usually the caller's stake): higher is served first, equal priorities in arrival order. Null: all equal
    /// (arrival order). Runs on the axon's thread, only for calls that must wait: keep it quick and non-blocking.
    /// An exception or NaN counts as the lowest priority (negative infinity), so a broken stake lookup puts the
    /// caller last instead of refusing it: refusing is the blacklist's job.
    /// </summary>
    public Func<Address, double>? Priority { get; init; }

    /// <summary>
    /// The most calls whose model runs at once (Bittensor's <c>--axon.max_workers</c>, default 10; 1 to 1024); the
    /// others wait in the priority queue.
    /// </summary>
    public int MaxConcurrentCalls
    {
        get;
        init => field = value is >= 1 and <= 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxConcurrentCalls), value, "An axon runs 1 to 1024 calls at once.");
    } = 10;

    /// <summary>
    /// The most admitted calls that may wait for a free slot (Bittensor's <c>--axon.priority.maxsize</c>, whose −1
    /// meant unbounded; here always bounded, 0 to 1,048,576, default 1024). When the queue is full the call of
    /// lowest priority, the newcomer or a waiting call it outranks, is answered <see cref="ReturnCode.NucleusFull"/>:
    /// the code Bittensor's own axon (v1.x, "Forward queue is full") gave for exactly this; <see cref="ReturnCode.Backoff"/>
    /// is the caller's receptor backing off an endpoint, and <see cref="ReturnCode.Unavailable"/> an axon that
    /// cannot be reached (here: one stopping).
    /// </summary>
    public int MaxQueuedCalls
    {
        get;
        init => field = value is >= 0 and <= 1 << 20
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxQueuedCalls), value, "An axon queues 0 to 1,048,576 calls.");
    } = 1024;

    /// <summary>The accepted forward inputs (rank, last dimension, dtype); defaults to <see cref="AxonInputRule.Any"/>.</summary>
    public AxonInputRule Inputs { get; init => field = value ?? throw new ArgumentNullException(nameof(Inputs)); } = AxonInputRule.Any;

    /// <summary>The subnet served, or null to accept calls of every subnet.</summary>
    public ushort? NetUid { get; init; }

    /// <summary>
    /// The longest a forward (or backward) may take, counted from its admission, time waiting in the queue included,
    /// before the axon answers <see cref="ReturnCode.Timeout"/> (Bittensor's forward_timeout, which its forward
    /// waits on the priority pool's future with).
    /// </summary>
    public TimeSpan Timeout
    {
        get;
        init => field = value > TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "An axon timeout is positive and at most a day.");
    } = TimeSpan.FromSeconds(12);

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="Backward"/> run on the axon's own thread, in the order the calls
    /// start, instead of on the thread pool. Only for models that are quick and never block (e.g. the economic
    /// simulation's parametric miner): the thread-pool hop and timeout timer then cost more than the model. Such a
    /// call cannot be interrupted: one that returns after <see cref="Timeout"/> is still answered
    /// <see cref="ReturnCode.Timeout"/> (its outputs dropped), but it holds the axon while it runs; a model that
    /// returns an unfinished task is awaited within the timeout as usual. Default false.
    /// </summary>
    public bool RunsInline { get; init; }

    /// <summary>The replay guard shared with other components of the same hotkey, or null for the axon's own.</summary>
    public NonceGuard? Nonces { get; init; }
}
