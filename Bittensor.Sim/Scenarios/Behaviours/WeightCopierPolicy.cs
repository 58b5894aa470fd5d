using Bittensor.Neurons;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>
/// The weight copier: queries nobody and sets, as its weights, the consensus the last epoch published (every uid's
/// <c>C_j</c> but its own), turned into a row the chain accepts by the same <see cref="WeightPolicy"/> an honest
/// validator uses (cap, padding, u16 quantization). Before any epoch has produced a consensus it has nothing to copy
/// and sets nothing, so it is always one epoch behind the validators who evaluate.
/// </summary>
public sealed class WeightCopierPolicy : IValidatorPolicy
{
    /// <summary>The copier needs no evaluation of its own: that is the point of copying.</summary>
    public bool Evaluates => false;

    /// <inheritdoc/>
    public bool IsOnline(ulong block) => true;

    /// <inheritdoc/>
    public WeightsRow? ChooseWeights(WeightsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var consensus = new double[context.Metagraph.N];
        foreach (var neuron in context.Metagraph.Neurons)
        {
            consensus[neuron.Uid] = neuron.Consensus;
        }

        return WeightPolicy.Choose(consensus, context.SelfUid, context.MinAllowedWeights, context.MaxWeightLimit);
    }
}
