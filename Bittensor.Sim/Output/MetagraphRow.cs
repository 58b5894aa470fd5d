namespace Bittensor.Sim.Output;

/// <summary>
/// One row of <c>metagraph.csv</c>: a uid of the subnet at the end of an epoch, with the peer's role, class and
/// true quality beside the chain's terms (u16 terms as the chain stores them; the CSV writes them as fractions).
/// </summary>
public sealed record MetagraphRow(
    int Epoch, ulong Block, ushort NetUid, ushort Uid, string Hotkey, PeerRole Role, string Class, double TrueQuality,
    ulong StakeRao, ushort Consensus, ushort Incentive, ushort Dividends, ulong EmissionRao, ushort ValidatorTrust,
    bool ValidatorPermit, bool Active);
