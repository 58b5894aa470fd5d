namespace Bittensor.Neurons.Scoring;

/// <summary>
/// The Litepaper's "learning their value" for one batch: the responders' answers are joined by a gate
/// (<c>y = Σ softmax(g)_j · answer_j</c>), and each responder's worth is its contribution to that coalition. The
/// value of a coalition S is how much its joined answer lowers the squared error below the empty coalition's
/// (answering zeros). An exact Shapley value needs every subset; like core_validator, this takes its two ends,
/// the marginal contribution to the empty coalition (coalition size 1, the miner alone: the "base" value) and to
/// all the others (leave-one-out), and averages them. Leave-one-out alone pays nothing to two identical good miners
/// (each is redundant given the other); the base value alone ignores what the gate learned. O(responders × elements).
/// </summary>
public static class GatedCoalition
{
    /// <summary>Scores one batch's answers against <paramref name="targets"/>, given each responder's gate logit.</summary>
    /// <param name="answers">Each responder's answer, flattened; every one as long as <paramref name="targets"/>.</param>
    /// <param name="gateLogits">Each responder's gate logit, in the order of <paramref name="answers"/>.</param>
    /// <param name="targets">What the answers should be.</param>
    public static CoalitionScores Evaluate(IReadOnlyList<float[]> answers, ReadOnlySpan<double> gateLogits, ReadOnlySpan<float> targets)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var count = answers.Count;
        if (gateLogits.Length != count)
        {
            throw new ArgumentException($"{count} answers but {gateLogits.Length} gate logits.", nameof(gateLogits));
        }

        var n = targets.Length;
        if (n == 0)
        {
            throw new ArgumentException("There are no targets to score against.", nameof(targets));
        }

        foreach (var answer in answers)
        {
            if (answer.Length != n)
            {
                throw new ArgumentException($"An answer has {answer.Length} values; the targets have {n}.", nameof(answers));
            }
        }

        var emptyLoss = 0.0;
        foreach (var t in targets)
        {
            emptyLoss += (double)t * t;
        }

        emptyLoss /= n;
        var scores = new CoalitionScores(count, emptyLoss);
        if (count == 0)
        {
            scores.JoinedLoss = emptyLoss;
            return scores;
        }

        var weights = Softmax(gateLogits);
        var joined = new double[n];
        for (var j = 0; j < count; j++)
        {
            var answer = answers[j];
            var own = 0.0;
            for (var i = 0; i < n; i++)
            {
                joined[i] += weights[j] * answer[i];
                var error = answer[i] - (double)targets[i];
                own += error * error;
            }

            scores.OwnLoss[j] = own / n;
        }

        scores.JoinedLoss = MeanSquaredError(joined, targets);
        for (var j = 0; j < count; j++)
        {
            scores.LeaveOneOut[j] = LossWithout(j, answers, weights, joined, targets, emptyLoss) - scores.JoinedLoss;
            scores.Contribution[j] = ((emptyLoss - scores.OwnLoss[j]) + scores.LeaveOneOut[j]) / 2;
        }

        // ∂JoinedLoss/∂g_j = p_j (a_j − Σ_k p_k a_k), with a_j = Σ_i ∂L/∂y_i · answer_j[i] and ∂L/∂y_i = 2 (y_i − t_i) / n.
        var sensitivity = new double[count];
        var mean = 0.0;
        for (var j = 0; j < count; j++)
        {
            var answer = answers[j];
            var a = 0.0;
            for (var i = 0; i < n; i++)
            {
                a += 2 * (joined[i] - targets[i]) / n * answer[i];
            }

            sensitivity[j] = a;
            mean += weights[j] * a;
        }

        for (var j = 0; j < count; j++)
        {
            scores.GateGradient[j] = weights[j] * (sensitivity[j] - mean);
            scores.GateWeight[j] = weights[j];
        }

        return scores;
    }

    /// <summary>The loss of the gate's coalition without responder <paramref name="j"/> (the others' weights renormalized).</summary>
    private static double LossWithout(int j, IReadOnlyList<float[]> answers, double[] weights, double[] joined, ReadOnlySpan<float> targets, double emptyLoss)
    {
        if (answers.Count == 1)
        {
            return emptyLoss;
        }

        var n = targets.Length;
        var rest = 1 - weights[j];
        var sum = 0.0;
        if (rest > 1e-9)
        {
            // Removing j from the joined answer costs O(n), not O(responders × n).
            var answer = answers[j];
            for (var i = 0; i < n; i++)
            {
                var error = ((joined[i] - (weights[j] * answer[i])) / rest) - targets[i];
                sum += error * error;
            }

            return sum / n;
        }

        // j holds (nearly) all the gate: the subtraction would lose every digit, so rebuild the others' mixture.
        var others = 0.0;
        for (var k = 0; k < answers.Count; k++)
        {
            others += k == j ? 0 : weights[k];
        }

        var mixture = new double[n];
        for (var k = 0; k < answers.Count; k++)
        {
            if (k == j)
            {
                continue;
            }

            // Equal shares when the others' weights underflowed to zero.
            var share = others > 0 ? weights[k] / others : 1.0 / (answers.Count - 1);
            for (var i = 0; i < n; i++)
            {
                mixture[i] += share * answers[k][i];
            }
        }

        return MeanSquaredError(mixture, targets);
    }

    private static double MeanSquaredError(double[] values, ReadOnlySpan<float> targets)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var error = values[i] - targets[i];
            sum += error * error;
        }

        return sum / values.Length;
    }

    private static double[] Softmax(ReadOnlySpan<double> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var weights = new double[logits.Length];
        var total = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            weights[j] = Math.Exp(logits[j] - max);
            total += weights[j];
        }

        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] /= total;
        }

        return weights;
    }
}
