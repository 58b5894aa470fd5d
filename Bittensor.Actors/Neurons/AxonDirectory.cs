using System.Collections.Concurrent;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Neurons;

/// <summary>
/// Where a validator reaches the axons of the metagraph's hotkeys: the actor of each served hotkey, local or remote.
/// The metagraph names hotkeys; this turns them into <see cref="AxonTarget"/>s. Thread-safe, so a host can add axons
/// as they start while validators read it.
/// </summary>
public sealed class AxonDirectory
{
    private readonly ConcurrentDictionary<string, AxonTarget> axons = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="hotkey"/>'s axon is <paramref name="axon"/> (replacing an earlier one).</summary>
    public AxonDirectory Add(Address hotkey, IActorRef axon)
    {
        var target = new AxonTarget(hotkey, axon);
        axons[hotkey.ToString()] = target;
        return this;
    }

    /// <summary>Forgets <paramref name="hotkey"/>'s axon.</summary>
    public bool Remove(Address hotkey) => axons.TryRemove(hotkey.ToString(), out _);

    /// <summary>The axon of <paramref name="neuron"/>'s hotkey, or null when it serves none known here.</summary>
    public AxonTarget? Find(MetagraphNeuron neuron)
    {
        ArgumentNullException.ThrowIfNull(neuron);
        return axons.GetValueOrDefault(neuron.Hotkey);
    }

    /// <summary>The number of axons known.</summary>
    public int Count => axons.Count;
}
