using Bittensor.Consensus;

namespace Bittensor.Tests.Consensus;

/// <summary>The profiling hook: an observer hears every phase once, in the order of the chain's banner sections.</summary>
public sealed class EpochObserverSpecs
{
    private sealed class Recorder : IEpochObserver
    {
        public List<EpochPhase> Phases { get; } = [];

        public void PhaseCompleted(EpochPhase phase) => Phases.Add(phase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Epoch_should_report_every_phase_in_order_when_given_an_observer(bool yuma3)
    {
        var state = new EpochState
        {
            N = 3,
            CurrentBlock = 10,
            Stake = [100, 50, 0],
            Weights = SparseRows<ushort>.FromRows([[(1, (ushort)1000), (2, (ushort)65535)], [(2, (ushort)65535)], []]),
            Bonds = SparseRows<ushort>.Empty(3),
            LastUpdate = [9, 9, 9],
            BlockAtRegistration = [0, 0, 0],
            ValidatorPermit = [true, true, false],
        };
        var recorder = new Recorder();
        var hyperparameters = new Hyperparameters { Yuma3Enabled = yuma3, CommitRevealEnabled = false };

        var observed = Epoch.Run(hyperparameters, state, new EpochOptions { Observer = recorder });

        Assert.Equal(Enum.GetValues<EpochPhase>(), recorder.Phases);
        // Observing changes nothing.
        Assert.Equal(Epoch.Run(hyperparameters, state).Emission, observed.Emission);
    }
}
