using Bittensor.Identity;
using Bittensor.Neurons;

namespace Bittensor.Sim.Scenarios;

/// <summary>A validator a scenario puts in the network: its keys, class, stake and behaviour.</summary>
/// <param name="Hotkey">The validator's hotkey (with its seed: it signs requests and weights).</param>
/// <param name="Coldkey">The owning coldkey's address.</param>
/// <param name="Class">The behaviour class written beside it in the outputs.</param>
/// <param name="StakeRao">The stake it starts with.</param>
/// <param name="Policy">How it behaves (honest, copier, cabal, ...).</param>
public sealed record ValidatorPlan(Keypair Hotkey, string Coldkey, string Class, ulong StakeRao, IValidatorPolicy Policy);
