namespace Bittensor.Ledger;

/// <summary>A weights commit waiting for its reveal.</summary>
public sealed record WeightsCommit(byte[] Hash, ulong Block, ulong Epoch);

/// <summary>One subnet: its owner and rules, its uids, and the emission it has accrued since its last epoch.</summary>
public sealed class SubnetState
{
    public required ushort NetUid { get; init; }
    public required string Owner { get; init; }
    public required SubnetHyperparameters Hyperparameters { get; set; }
    public ulong CreatedBlock { get; init; }
    public ulong LockedRao { get; init; }

    /// <summary>Block of the last epoch (the creation block before the first).</summary>
    public ulong LastEpochBlock { get; set; }
    public ulong EpochsRun { get; set; }

    /// <summary>Rao waiting to be distributed by the next epoch (rounding dust carries over).</summary>
    public ulong PendingEmissionRao { get; set; }

    public int RegistrationsThisBlock { get; set; }
    public int RegistrationsThisInterval { get; set; }

    private readonly List<NeuronState> _neurons = [];
    private readonly Dictionary<string, int> _uidByHotkey = new(StringComparer.Ordinal);

    /// <summary>The uids in order; change them only through <see cref="AddNeuron"/> and <see cref="ReplaceNeuron"/>.</summary>
    public IReadOnlyList<NeuronState> Neurons => _neurons;

    /// <summary>Commits by hotkey, waiting to be revealed.</summary>
    public SortedDictionary<string, WeightsCommit> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>The uid of a registered hotkey, or −1.</summary>
    public int UidOf(string hotkey) => _uidByHotkey.TryGetValue(hotkey, out var uid) ? uid : -1;

    /// <summary>Appends a uid for a new hotkey.</summary>
    public int AddNeuron(string hotkey, ulong block)
    {
        _neurons.Add(new NeuronState { Hotkey = hotkey, RegisteredBlock = block, LastUpdate = block });
        _uidByHotkey[hotkey] = _neurons.Count - 1;
        return _neurons.Count - 1;
    }

    /// <summary>
    /// Gives a uid to a new hotkey (<c>replace_neuron</c>): its own weights and bonds are cleared, and every weight
    /// other validators set on it becomes 0 (kept, as the chain keeps it).
    /// </summary>
    public void ReplaceNeuron(int uid, string hotkey, ulong block)
    {
        var neuron = _neurons[uid];
        _uidByHotkey.Remove(neuron.Hotkey);
        Commits.Remove(neuron.Hotkey);
        neuron.Replace(hotkey, block);
        _uidByHotkey[hotkey] = uid;
        foreach (var other in _neurons)
            for (var k = 0; k < other.Weights.Length; k++)
                if (other.Weights[k].Uid == uid) other.Weights[k] = ((ushort)uid, 0);
    }
}
