using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>One axon's part of a <see cref="Dendrite.BackwardAsync"/> fan-out: the axon and the gradients of its own outputs.</summary>
/// <param name="Axon">The axon that answered the forward call.</param>
/// <param name="Gradients">∂loss/∂output for that axon's outputs (the same shape), usually float32.</param>
public sealed record BackwardCall(AxonTarget Axon, TensorPayload Gradients)
{
    /// <summary>The axon.</summary>
    public AxonTarget Axon { get; init => field = value ?? throw new ArgumentNullException(nameof(Axon)); }
        = Axon ?? throw new ArgumentNullException(nameof(Axon));

    /// <summary>The gradients.</summary>
    public TensorPayload Gradients { get; init => field = value ?? throw new ArgumentNullException(nameof(Gradients)); }
        = Gradients ?? throw new ArgumentNullException(nameof(Gradients));
}
