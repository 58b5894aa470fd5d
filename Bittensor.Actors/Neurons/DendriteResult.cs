using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>What one axon answered to a <see cref="Dendrite"/> call (Bittensor's per-endpoint code, time and response).</summary>
/// <param name="Axon">The axon called.</param>
/// <param name="Code">Its answer's code, or the dendrite's own: <see cref="ReturnCode.Timeout"/> when no answer came in time
/// (a dead axon included), <see cref="ReturnCode.UnknownException"/> when the call failed on this side,
/// <see cref="ReturnCode.InvalidResponse"/> when the answer was not a forward response.</param>
/// <param name="Message">The axon's message, or the dendrite's explanation.</param>
/// <param name="Outputs">The outputs, on <see cref="ReturnCode.Success"/>; else null.</param>
/// <param name="Latency">From the start of the call to its answer (or to giving up), handshake included.</param>
public sealed record DendriteResult(AxonTarget Axon, ReturnCode Code, string Message, TensorPayload? Outputs, TimeSpan Latency)
{
    /// <summary>Whether the axon answered <see cref="ReturnCode.Success"/> with outputs.</summary>
    public bool IsSuccess => Code == ReturnCode.Success && Outputs is not null;
}
