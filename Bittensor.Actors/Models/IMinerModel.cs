using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Models;

/// <summary>
/// What a miner serves through its axon: Bittensor's <c>forward(pubkey, inputs, modality)</c> and, for models that
/// learn from validators (the 2021 network's remote training), <c>backward(inputs, grads_dy)</c>. The axon calls it
/// from the thread pool and may call it concurrently; an implementation serializes what must not overlap.
/// </summary>
public interface IMinerModel
{
    /// <summary>Whether <see cref="Backward"/> learns from gradients (else the axon answers backward calls NotImplemented).</summary>
    bool AcceptsGradients { get; }

    /// <summary>
    /// The model's answer to <paramref name="inputs"/> from <paramref name="caller"/>. May throw (the axon answers
    /// UnknownException) or return anything, NaN and wrong shapes included: judging the answer is the validator's job.
    /// </summary>
    TensorPayload Forward(Address caller, TensorPayload inputs, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="Backward"/> are quick and never block (no I/O, no locks held long,
    /// well under the axon's timeout), so the axon may run them on its own thread instead of the thread pool
    /// (<see cref="Neurons.AxonSettings.RunsInline"/>). False unless the model promises it.
    /// </summary>
    bool RunsInline => false;

    /// <summary>Learns from ∂loss/∂output of an earlier answer to <paramref name="inputs"/>.</summary>
    void Backward(Address caller, TensorPayload inputs, TensorPayload gradients, CancellationToken cancellationToken);
}
