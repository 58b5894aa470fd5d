using Akka.Actor;
using Bittensor.Identity;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Neurons;

/// <summary>An axon a <see cref="Dendrite"/> calls: its hotkey (from the metagraph) and where it is reached.</summary>
/// <param name="Hotkey">The axon's hotkey: requests are addressed and handshakes checked against it.</param>
/// <param name="Ref">The axon actor (local or remote).</param>
public sealed record AxonTarget(Address Hotkey, IActorRef Ref)
{
    public Address Hotkey { get; init => field = value ?? throw new ArgumentNullException(nameof(Hotkey)); }
        = Hotkey ?? throw new ArgumentNullException(nameof(Hotkey));

    public IActorRef Ref { get; init => field = value ?? throw new ArgumentNullException(nameof(Ref)); }
        = Ref ?? throw new ArgumentNullException(nameof(Ref));
}
