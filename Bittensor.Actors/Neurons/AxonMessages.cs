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
/// <param name="InFlight">Forward and backward calls admitted whose model has not answered yet.</param>
public sealed record AxonStats(Address Hotkey, ImmutableDictionary<ReturnCode, long> Answered, int InFlight);

/// <summary>Internal: a forward or backward call finished; tells the actor to count it and reply.</summary>
internal sealed record AxonCallCompleted(IProtocolMessage Response, Akka.Actor.IActorRef ReplyTo);
