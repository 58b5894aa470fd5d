using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// What one axon answered to a <see cref="Dendrite.BackwardAsync"/> call: an acknowledgement, no tensors (Bittensor's
/// axon never returns input gradients for text).
/// </summary>
/// <param name="Axon">The axon called.</param>
/// <param name="Code">Its answer's code, or the dendrite's own, as for <see cref="DendriteResult.Code"/>
/// (<see cref="ReturnCode.InvalidResponse"/> when the answer was not a backward response).</param>
/// <param name="Message">The axon's message, or the dendrite's explanation.</param>
/// <param name="Latency">From the start of the call to its answer (or to giving up), handshake included.</param>
public sealed record BackwardResult(AxonTarget Axon, ReturnCode Code, string Message, TimeSpan Latency)
{
    /// <summary>Whether the axon accepted the gradients (<see cref="ReturnCode.Success"/>).</summary>
    public bool IsSuccess => Code == ReturnCode.Success;
}
