namespace Bittensor.Sim.Output;

/// <summary>
/// One simulated peer as the scenario made it: its keys, role, behaviour class (for example <c>honest</c>,
/// <c>copier</c>, <c>cabal</c>, <c>lazy</c>) and the ground truth the experiment is measured against.
/// </summary>
/// <param name="Index">The peer's place in the scenario (validators first, then miners).</param>
/// <param name="Hotkey">The hotkey's address (the metagraph's key for the peer).</param>
/// <param name="Coldkey">The owning coldkey's address.</param>
/// <param name="Role">Miner or validator.</param>
/// <param name="Class">The behaviour class, as the scenario names it.</param>
/// <param name="TrueQuality">A miner's latent quality in [0, 1]; NaN for a validator.</param>
/// <param name="InitialStakeRao">The stake the peer started with.</param>
public sealed record PeerInfo(int Index, string Hotkey, string Coldkey, PeerRole Role, string Class, double TrueQuality, ulong InitialStakeRao);
