using System.Collections.Concurrent;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Neurons;

/// <summary>
/// Where a validator reaches the axons of the metagraph's hotkeys: the actor of each served hotkey, local or remote.
/// The metagraph names hotkeys; this turns them into <see cref="AxonTarget"/>s. Axons are either added by the host
/// that started them (the simulation), or found from the endpoint each miner served on the chain (a cluster: the
/// metagraph's <see cref="MetagraphNeuron.AxonIp"/> and <see cref="MetagraphNeuron.AxonPort"/>, turned into an actor
/// by the resolver given to the constructor). Thread-safe, so a host can add axons as they start while validators read it.
/// </summary>
public sealed class AxonDirectory
{
    private readonly ConcurrentDictionary<string, AxonTarget> axons = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Ip, int Port, AxonTarget Target)> served = new(StringComparer.Ordinal);
    private readonly Func<string, int, Address, IActorRef?>? resolve;

    /// <summary>A directory of the axons added to it.</summary>
    public AxonDirectory()
    {
    }

    /// <summary>
    /// A directory that also finds the axon a neuron served on the chain: <paramref name="resolve"/> turns (ip, port,
    /// hotkey) into the axon's actor, or null when it cannot. Resolved once per endpoint; a new endpoint resolves anew.
    /// </summary>
    public AxonDirectory(Func<string, int, Address, IActorRef?> resolve) =>
        this.resolve = resolve ?? throw new ArgumentNullException(nameof(resolve));

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
        if (axons.TryGetValue(neuron.Hotkey, out var added)) return added;
        if (resolve is null || neuron.AxonIp is not { } ip || neuron.AxonPort is <= 0 or > 65535) return null;
        if (served.TryGetValue(neuron.Hotkey, out var known) && known.Ip == ip && known.Port == neuron.AxonPort) return known.Target;
        // A hotkey the chain holds is well formed, but the metagraph arrived from another node: never trust it to parse.
        if (!Address.TryParse(neuron.Hotkey, out var hotkey, out _) || hotkey is null || resolve(ip, neuron.AxonPort, hotkey) is not { } actor) return null;
        var target = new AxonTarget(hotkey, actor);
        served[neuron.Hotkey] = (ip, neuron.AxonPort, target);
        return target;
    }

    /// <summary>The number of axons known.</summary>
    public int Count => axons.Count;
}
