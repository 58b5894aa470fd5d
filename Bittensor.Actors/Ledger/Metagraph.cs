namespace Bittensor.Ledger;

/// <summary>One uid of a <see cref="Metagraph"/>.</summary>
public sealed record MetagraphNeuron(
    ushort Uid, string Hotkey, string Coldkey, ulong StakeRao,
    ushort Consensus, ushort Incentive, ushort Dividends, ulong EmissionRao, ushort ValidatorTrust,
    bool ValidatorPermit, bool Active, ulong LastUpdate, ulong RegisteredBlock, string? AxonIp, int AxonPort);

/// <summary>
/// What a subnet looks like at a block, as Bittensor's metagraph shows it: every uid with its keys, stake and the
/// last epoch's terms (u16 as the chain stores them), and optionally the weights and bonds rows.
/// </summary>
public sealed record Metagraph(
    ushort NetUid, ulong Block, IReadOnlyList<MetagraphNeuron> Neurons,
    IReadOnlyList<(ushort Uid, ushort Value)[]>? Weights, IReadOnlyList<(ushort Uid, ushort Value)[]>? Bonds)
{
    public int N => Neurons.Count;
}
