using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// How an <see cref="AxonActor"/> serves (bittensor-reference.md §6.1): the hotkey it answers as, the model's
/// forward and backward, the blacklist, the accepted inputs and the time a call may take.
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

    /// <summary>The accepted forward inputs (rank, last dimension, dtype); defaults to <see cref="AxonInputRule.Any"/>.</summary>
    public AxonInputRule Inputs { get; init => field = value ?? throw new ArgumentNullException(nameof(Inputs)); } = AxonInputRule.Any;

    /// <summary>The subnet served, or null to accept calls of every subnet.</summary>
    public ushort? NetUid { get; init; }

    /// <summary>The longest a forward (or backward) may run before the axon answers <see cref="ReturnCode.Timeout"/> (Bittensor's forward_timeout).</summary>
    public TimeSpan Timeout
    {
        get;
        init => field = value > TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "An axon timeout is positive and at most a day.");
    } = TimeSpan.FromSeconds(12);

    /// <summary>The replay guard shared with other components of the same hotkey, or null for the axon's own.</summary>
    public NonceGuard? Nonces { get; init; }
}
