using Bittensor.Neurons;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>
/// An honest validator that goes offline for a window of blocks (it neither queries nor sets weights) and then comes
/// back, as a node that crashed and restarted would.
/// </summary>
public sealed class OfflineValidatorPolicy : IValidatorPolicy
{
    /// <summary>Offline from block <paramref name="offlineFrom"/> through block <paramref name="offlineThrough"/>, both included.</summary>
    public OfflineValidatorPolicy(ulong offlineFrom, ulong offlineThrough)
    {
        if (offlineThrough < offlineFrom)
        {
            throw new ArgumentOutOfRangeException(nameof(offlineThrough), offlineThrough, $"The window ends before it starts (block {offlineFrom}).");
        }

        OfflineFrom = offlineFrom;
        OfflineThrough = offlineThrough;
    }

    /// <summary>The first block it misses.</summary>
    public ulong OfflineFrom { get; }

    /// <summary>The last block it misses.</summary>
    public ulong OfflineThrough { get; }

    /// <inheritdoc/>
    public bool Evaluates => true;

    /// <inheritdoc/>
    public bool IsOnline(ulong block) => block < OfflineFrom || block > OfflineThrough;

    /// <inheritdoc/>
    public WeightsRow? ChooseWeights(WeightsContext context) => HonestValidatorPolicy.Instance.ChooseWeights(context);
}
