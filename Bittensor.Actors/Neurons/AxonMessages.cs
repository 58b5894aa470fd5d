using System.Collections.Immutable;
using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

// Besides these, an AxonActor answers the protocol messages: ForwardRequest → ForwardResponse,
// BackwardRequest → BackwardResponse, HandshakeRequest → HandshakeResponse (or, when the offer is refused, a
// ForwardResponse with ReturnCode.Unauthenticated: the protocol has no handshake-refusal message yet).

/// <summary>Asks an <see cref="AxonActor"/> for its <see cref="AxonStats"/>.</summary>
public sealed record GetAxonStats
{
    public static GetAxonStats Instance { get; } = new();

    private GetAxonStats()
    {
    }
}

/// <summary>An axon's hotkey and how many forward and backward calls it answered, by return code.</summary>
/// <param name="Hotkey">The axon's hotkey.</param>
/// <param name="Answered">Calls answered so far, by code.</param>
/// <param name="InFlight">Forward and backward calls whose model is running (at most <see cref="AxonSettings.MaxConcurrentCalls"/>).</param>
/// <param name="Queued">Admitted calls waiting for a free slot (at most <see cref="AxonSettings.MaxQueuedCalls"/>).</param>
public sealed record AxonStats(Address Hotkey, ImmutableDictionary<ReturnCode, long> Answered, int InFlight, int Queued);

/// <summary>Internal: a forward or backward call finished; tells the actor to count it and reply.</summary>
internal sealed record AxonCallCompleted(IProtocolMessage Response, Akka.Actor.IActorRef ReplyTo);

/// <summary>Internal: the deadline of the queued call <paramref name="Sequence"/> passed; it is answered Timeout if still waiting.</summary>
internal sealed record AxonQueuedCallExpired(long Sequence);
