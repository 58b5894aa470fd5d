using Bittensor.Protocol;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// template_validator's <c>peer_weights</c>: one learned logit per uid, whatever the batch, moved by plain SGD
/// (<c>logit −= learningRate · gradient</c>). A uid never learned about has logit 0, so a new miner starts with an
/// equal share. The default gate: a step costs microseconds, which the economic simulation needs.
/// </summary>
public sealed class GateVector : IGate
{
    private readonly List<double> logits = [];

    /// <summary>Creates a vector learning with step size <paramref name="learningRate"/>.</summary>
    /// <param name="learningRate">Logits per unit of loss gradient; finite and non-negative (0: the gate never learns).</param>
    public GateVector(double learningRate)
    {
        if (!(learningRate >= 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The gate's learning rate is finite and non-negative.");
        }

        LearningRate = learningRate;
    }

    /// <summary>The SGD step size.</summary>
    public double LearningRate { get; }

    /// <summary>The logit of <paramref name="uid"/> (0 before any learning).</summary>
    public double Logit(int uid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uid);
        return uid < logits.Count ? logits[uid] : 0;
    }

    /// <inheritdoc/>
    public double[] Logits(TensorPayload inputs, IReadOnlyList<int> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        return uids.Select(Logit).ToArray();
    }

    /// <inheritdoc/>
    public void Learn(TensorPayload inputs, IReadOnlyList<int> uids, ReadOnlySpan<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(uids);
        if (gradient.Length != uids.Count)
        {
            throw new ArgumentException($"{uids.Count} uids but {gradient.Length} gradients.", nameof(gradient));
        }

        // Checked before any step, so a bad call leaves the whole vector as it was.
        for (var j = 0; j < uids.Count; j++)
        {
            if (!double.IsFinite(gradient[j]) || uids[j] < 0)
            {
                throw new ArgumentException($"Uid {uids[j]}: a uid is non-negative and its gate gradient a finite number.", nameof(gradient));
            }
        }

        for (var j = 0; j < uids.Count; j++)
        {
            Grow(uids[j]);
            logits[uids[j]] -= LearningRate * gradient[j];
        }
    }

    /// <inheritdoc/>
    public void Reset(int uid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uid);
        if (uid < logits.Count)
        {
            logits[uid] = 0;
        }
    }

    private void Grow(int uid)
    {
        while (logits.Count <= uid)
        {
            logits.Add(0);
        }
    }
}
