namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    /// <summary>The subnet's metagraph now, or null for an unknown netuid.</summary>
    public Metagraph? Metagraph(ushort netUid, bool withWeightsAndBonds = false)
    {
        if (!_subnets.TryGetValue(netUid, out var subnet)) return null;
        var neurons = new MetagraphNeuron[subnet.Neurons.Count];
        for (var uid = 0; uid < neurons.Length; uid++)
        {
            var neuron = subnet.Neurons[uid];
            var account = _hotkeys[neuron.Hotkey];
            neurons[uid] = new MetagraphNeuron(
                (ushort)uid, neuron.Hotkey, account.Owner, account.TotalStake,
                neuron.Consensus, neuron.Incentive, neuron.Dividends, neuron.EmissionRao, neuron.ValidatorTrust,
                neuron.ValidatorPermit, neuron.Active, neuron.LastUpdate, neuron.RegisteredBlock, neuron.AxonIp, neuron.AxonPort);
        }
        return new Metagraph(netUid, Block, neurons,
            withWeightsAndBonds ? subnet.Neurons.Select(n => n.Weights.ToArray()).ToArray() : null,
            withWeightsAndBonds ? subnet.Neurons.Select(n => n.Bonds.ToArray()).ToArray() : null);
    }
}
