using Bittensor.Protocol;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// One validator's learning, without the actor: each step's answers are checked (<see cref="ResponseCheck"/>),
/// the scorable ones joined by the gate and valued (<see cref="GatedCoalition"/>), and the
/// <see cref="ScoreBoard"/> moves (contributions into the EMA, a gradient step into the gate, failures towards zero).
/// </summary>
public sealed class ValidatorScoring
{
    /// <summary>Creates the scoring of a validator.</summary>
    /// <param name="alpha">The EMA weight of each new contribution (core_validator v3.6: 0.1).</param>
    /// <param name="gateLearningRate">The gate's SGD step size, in logits per unit of loss gradient.</param>
    public ValidatorScoring(double alpha, double gateLearningRate)
    {
        if (!(gateLearningRate >= 0 && double.IsFinite(gateLearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(gateLearningRate), gateLearningRate, "The gate's learning rate is finite and non-negative.");
        }

        Board = new ScoreBoard(alpha);
        GateLearningRate = gateLearningRate;
    }

    /// <summary>What the validator knows of every uid.</summary>
    public ScoreBoard Board { get; }

    /// <summary>The gate's step size.</summary>
    public double GateLearningRate { get; }

    /// <summary>Scores one step: <paramref name="answers"/>[k] is what <paramref name="uids"/>[k] answered to a batch whose targets are given.</summary>
    public StepReport Score(
        IReadOnlyList<int> uids, IReadOnlyList<(ReturnCode Code, TensorPayload? Outputs)> answers, float[] targets, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(targets);
        if (uids.Count != answers.Count)
        {
            throw new ArgumentException($"{uids.Count} uids but {answers.Count} answers.", nameof(answers));
        }

        var responders = new List<int>();
        var values = new List<float[]>();
        var failures = new Dictionary<int, string>();
        for (var k = 0; k < uids.Count; k++)
        {
            if (ResponseCheck.Decode(answers[k].Code, answers[k].Outputs, shape, out var failure) is { } decoded)
            {
                responders.Add(uids[k]);
                values.Add(decoded);
            }
            else
            {
                failures[uids[k]] = failure;
                Board.ObserveFailure(uids[k]);
            }
        }

        var logits = responders.Select(Board.GateLogit).ToArray();
        var coalition = GatedCoalition.Evaluate(values, logits, targets);
        for (var j = 0; j < responders.Count; j++)
        {
            Board.Observe(responders[j], coalition.Contribution[j], coalition.GateGradient[j], GateLearningRate);
        }

        return new StepReport(responders, coalition, failures);
    }
}

/// <summary>What one step of <see cref="ValidatorScoring"/> saw.</summary>
/// <param name="Responders">The uids whose answers were scored, in the order of <see cref="Coalition"/>'s arrays.</param>
/// <param name="Coalition">The losses and contributions of the responders.</param>
/// <param name="Failures">The uids whose answers could not be scored, with the reason.</param>
public sealed record StepReport(IReadOnlyList<int> Responders, CoalitionScores Coalition, IReadOnlyDictionary<int, string> Failures);
