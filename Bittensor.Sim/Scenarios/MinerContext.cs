using Bittensor.Models;

namespace Bittensor.Sim.Scenarios;

/// <summary>What a miner's model is built from: the network's task, the fidelity, and a seed of its own.</summary>
/// <param name="Task">The validators' task (the miner imitates its teacher).</param>
/// <param name="Fidelity">Economic (parametric) or neural (TorchSharp).</param>
/// <param name="Device">Where TorchSharp models live in neural fidelity.</param>
/// <param name="Seed">The miner's own seed.</param>
public sealed record MinerContext(TeacherTask Task, Fidelity Fidelity, TorchSharp.torch.Device Device, int Seed);
