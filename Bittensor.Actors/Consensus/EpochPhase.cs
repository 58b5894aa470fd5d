namespace Bittensor.Consensus;

/// <summary>The banner sections of the epoch, in the order <see cref="Epoch.Run"/> completes them.</summary>
public enum EpochPhase
{
    Validation,
    Activity,
    Stake,
    ValidatorPermits,
    ActiveStake,
    Weights,
    Consensus,
    BondsAndDividends,
    Emission,
}

/// <summary>
/// Told as each phase of an epoch completes, so that a profiler can time the phases. The engine itself reads no
/// clock; an observer that does lives outside it (the <c>bench epoch --phases</c> command).
/// </summary>
public interface IEpochObserver
{
    void PhaseCompleted(EpochPhase phase);
}
