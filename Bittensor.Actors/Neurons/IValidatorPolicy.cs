using Bittensor.Ledger;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Neurons;

/// <summary>
/// How a <see cref="ValidatorActor"/> behaves: whether it is online at a block, whether it evaluates miners, and
/// which weights it sets. The honest validator is <see cref="HonestValidatorPolicy"/>; adversaries (weight copiers,
/// cabals, late or offline validators) are one class each, so the actor, the dendrite and the ledger they talk to
/// are the very same as an honest validator's.
/// </summary>
public interface IValidatorPolicy
{
    /// <summary>Whether the validator queries and scores miners (a weight copier need not).</summary>
    bool Evaluates { get; }

    /// <summary>Whether the validator does anything at <paramref name="block"/> (an offline one neither queries nor sets weights).</summary>
    bool IsOnline(ulong block);

    /// <summary>The row to set now, or null to set none (nothing to say yet, or by design).</summary>
    WeightsRow? ChooseWeights(WeightsContext context);
}

/// <summary>What a validator knows when it sets weights.</summary>
/// <param name="Metagraph">The subnet at the current block, with the last epoch's terms.</param>
/// <param name="Scores">The validator's scores by uid (its <see cref="ScoreBoard"/>).</param>
/// <param name="SelfUid">The validator's uid.</param>
/// <param name="MinAllowedWeights">The subnet's <c>min_allowed_weights</c>.</param>
/// <param name="MaxWeightLimit">The subnet's <c>max_weight_limit</c>.</param>
public sealed record WeightsContext(Metagraph Metagraph, IReadOnlyList<double> Scores, int SelfUid, int MinAllowedWeights, ushort MaxWeightLimit);

/// <summary>The honest validator: always online, evaluates every step, weights its scores (<see cref="WeightPolicy"/>).</summary>
public sealed class HonestValidatorPolicy : IValidatorPolicy
{
    public static HonestValidatorPolicy Instance { get; } = new();

    public bool Evaluates => true;

    public bool IsOnline(ulong block) => true;

    public WeightsRow? ChooseWeights(WeightsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WeightPolicy.Choose(context.Scores, context.SelfUid, context.MinAllowedWeights, context.MaxWeightLimit);
    }
}
