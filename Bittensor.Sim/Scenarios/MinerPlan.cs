using Bittensor.Identity;
using Bittensor.Models;

namespace Bittensor.Sim.Scenarios;

/// <summary>A miner a scenario puts in the network: its keys, class, true quality and how its model is made.</summary>
/// <param name="Hotkey">The miner's hotkey (with its seed: the axon signs handshakes).</param>
/// <param name="Coldkey">The owning coldkey's address.</param>
/// <param name="Class">The behaviour class written beside it in the outputs.</param>
/// <param name="Quality">The latent quality in [0, 1] (the ground truth of the experiment).</param>
/// <param name="Model">Builds the miner's model.</param>
public sealed record MinerPlan(Keypair Hotkey, string Coldkey, string Class, double Quality, Func<MinerContext, IMinerModel> Model);
