using Bittensor.Protocol;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// The validator's router: a logit per responder that <see cref="GatedCoalition"/> turns into its share of the joined
/// answer, learned from the coalition's <see cref="CoalitionScores.GateGradient"/>. Either template_validator's
/// per-uid vector (<see cref="GateVector"/>, microseconds a step: the economic simulation's) or core_validator's
/// input-conditioned network (<see cref="Bittensor.Models.TorchGatingNetwork"/>). Owned by one validator: not
/// thread-safe.
/// </summary>
public interface IGate
{
    /// <summary>One logit per uid of <paramref name="uids"/>, in its order, for the batch <paramref name="inputs"/>.</summary>
    double[] Logits(TensorPayload inputs, IReadOnlyList<int> uids);

    /// <summary>
    /// One learning step along <c>−<paramref name="gradient"/></c>, where <paramref name="gradient"/>[j] is ∂loss/∂logit of
    /// <paramref name="uids"/>[j] on the batch <paramref name="inputs"/>.
    /// </summary>
    void Learn(TensorPayload inputs, IReadOnlyList<int> uids, ReadOnlySpan<double> gradient);

    /// <summary>Forgets what was learned about <paramref name="uid"/>: another miner holds it now.</summary>
    void Reset(int uid);
}
