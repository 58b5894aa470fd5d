namespace Bittensor.Sim.Scenarios;

/// <summary>
/// The network a scenario builds: its validators and miners at genesis, the hyperparameters it needs (the user's
/// <c>--set</c> values come after and win), and miners that register later (churn, sybil floods).
/// </summary>
public sealed record NetworkPlan(
    IReadOnlyList<ValidatorPlan> Validators,
    IReadOnlyList<MinerPlan> Miners,
    IReadOnlyList<(string Name, string Value)> Hyperparameters,
    IReadOnlyList<ScheduledMiner> Later);

/// <summary>A miner that registers just before block <paramref name="Block"/> is produced.</summary>
public sealed record ScheduledMiner(ulong Block, MinerPlan Miner);
