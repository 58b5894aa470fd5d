using Bittensor.Protocol;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// One validator's learning, without the actor: each step's answers are checked (<see cref="ResponseCheck"/>),
/// the scorable ones joined by the <see cref="IGate"/> and valued (<see cref="GatedCoalition"/>); the contributions
/// move the <see cref="ScoreBoard"/>'s EMA, the coalition's gradient moves the gate, failures decay towards zero.
/// </summary>
public sealed class ValidatorScoring
{
    /// <summary>Creates the scoring of a validator whose gate is a per-uid <see cref="GateVector"/>.</summary>
    /// <param name="alpha">The EMA weight of each new contribution (core_validator v3.6: 0.1).</param>
    /// <param name="gateLearningRate">The gate's SGD step size, in logits per unit of loss gradient.</param>
    public ValidatorScoring(double alpha, double gateLearningRate)
        : this(alpha, new GateVector(gateLearningRate))
    {
    }

    /// <summary>Creates the scoring of a validator routing with <paramref name="gate"/> (which it uses, not owns).</summary>
    /// <param name="alpha">The EMA weight of each new contribution (core_validator v3.6: 0.1).</param>
    /// <param name="gate">The gate that joins the answers and learns from them.</param>
    public ValidatorScoring(double alpha, IGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        Board = new ScoreBoard(alpha);
        Gate = gate;
    }

    /// <summary>What the validator knows of every uid.</summary>
    public ScoreBoard Board { get; }

    /// <summary>How the answers are joined.</summary>
    public IGate Gate { get; }

    /// <summary>Matches the board to the subnet's hotkeys (by uid); a uid whose miner changed is forgotten by the gate too.</summary>
    public void Sync(IReadOnlyList<string> hotkeys)
    {
        foreach (var uid in Board.Sync(hotkeys))
        {
            Gate.Reset(uid);
        }
    }

    /// <summary>
    /// Scores one step: <paramref name="answers"/>[k] is what <paramref name="uids"/>[k] answered to the batch
    /// <paramref name="inputs"/>, whose targets (of shape <paramref name="shape"/>) are given.
    /// </summary>
    public StepReport Score(
        TensorPayload inputs, IReadOnlyList<int> uids, IReadOnlyList<(ReturnCode Code, TensorPayload? Outputs)> answers, float[] targets, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
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

        double[] logits = responders.Count == 0 ? [] : Gate.Logits(inputs, responders);
        var coalition = GatedCoalition.Evaluate(values, logits, targets);
        for (var j = 0; j < responders.Count; j++)
        {
            Board.Observe(responders[j], coalition.Contribution[j]);
        }

        // A lone responder holds the whole softmax whatever its logit: its gradient is 0, and a network's step
        // (a forward and backward pass) would learn nothing.
        if (responders.Count > 1)
        {
            Gate.Learn(inputs, responders, coalition.GateGradient);
        }

        return new StepReport(responders, coalition, failures);
    }
}

/// <summary>What one step of <see cref="ValidatorScoring"/> saw.</summary>
/// <param name="Responders">The uids whose answers were scored, in the order of <see cref="Coalition"/>'s arrays.</param>
/// <param name="Coalition">The losses and contributions of the responders.</param>
/// <param name="Failures">The uids whose answers could not be scored, with the reason.</param>
public sealed record StepReport(IReadOnlyList<int> Responders, CoalitionScores Coalition, IReadOnlyDictionary<int, string> Failures);
