using Bittensor.Neurons;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>
/// A cabal validator: queries nobody and weights, equally, exactly the miners whose hotkeys the cabal owns, whatever
/// they answer. It sets nothing while none of them is registered.
/// </summary>
public sealed class CabalPolicy : IValidatorPolicy
{
    private readonly HashSet<string> members;

    /// <summary>A cabal validator voting for the miners of <paramref name="memberHotkeys"/>.</summary>
    public CabalPolicy(IEnumerable<string> memberHotkeys)
    {
        ArgumentNullException.ThrowIfNull(memberHotkeys);
        members = new HashSet<string>(memberHotkeys, StringComparer.Ordinal);
    }

    /// <summary>The cabal's votes do not depend on what its miners answer.</summary>
    public bool Evaluates => false;

    /// <inheritdoc/>
    public bool IsOnline(ulong block) => true;

    /// <inheritdoc/>
    public WeightsRow? ChooseWeights(WeightsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var votes = new double[context.Metagraph.N];
        foreach (var neuron in context.Metagraph.Neurons)
        {
            votes[neuron.Uid] = members.Contains(neuron.Hotkey) ? 1 : 0;
        }

        return WeightPolicy.Choose(votes, context.SelfUid, context.MinAllowedWeights, context.MaxWeightLimit);
    }
}
