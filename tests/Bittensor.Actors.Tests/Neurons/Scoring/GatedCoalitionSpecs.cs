using Bittensor.Neurons.Scoring;

namespace Bittensor.Tests.Neurons.Scoring;

/// <summary><see cref="GatedCoalition"/>: what a batch's answers are worth, by the definitions in its summary.</summary>
public sealed class GatedCoalitionSpecs
{
    private static readonly float[] Targets = [0.5f, -0.25f, 0.75f, 0f];

    private static float[] Noisy(float[] values, double std, int seed)
    {
        var random = new Random(seed);
        return values.Select(v => (float)(v + (std * Bittensor.Models.Gaussian.Next(random)))).ToArray();
    }

    [Fact]
    public void A_perfect_miner_alone_should_be_worth_the_whole_empty_loss()
    {
        var scores = GatedCoalition.Evaluate([Targets], [0.0], Targets);

        var empty = Targets.Average(t => (double)t * t);
        Assert.Equal(empty, scores.EmptyLoss, 12);
        Assert.Equal(0, scores.JoinedLoss, 12);
        Assert.Equal(0, scores.OwnLoss[0], 12);
        Assert.Equal(empty, scores.LeaveOneOut[0], 12);
        Assert.Equal(empty, scores.Contribution[0], 12);
    }

    [Fact]
    public void Leave_one_out_should_be_the_rise_in_the_joined_loss_without_the_miner()
    {
        float[][] answers = [Noisy(Targets, 0.1, 1), Noisy(Targets, 0.5, 2), Noisy(Targets, 1.0, 3)];
        double[] logits = [0.7, -0.2, 0.1];

        var all = GatedCoalition.Evaluate(answers, logits, Targets);

        for (var j = 0; j < answers.Length; j++)
        {
            var others = answers.Where((_, k) => k != j).ToList();
            var otherLogits = logits.Where((_, k) => k != j).ToArray();
            var without = GatedCoalition.Evaluate(others, otherLogits, Targets).JoinedLoss;
            Assert.Equal(without - all.JoinedLoss, all.LeaveOneOut[j], 9);
            Assert.Equal(((all.EmptyLoss - all.OwnLoss[j]) + all.LeaveOneOut[j]) / 2, all.Contribution[j], 12);
        }

        Assert.True(all.Contribution[0] > all.Contribution[1] && all.Contribution[1] > all.Contribution[2]);
        Assert.Equal(1.0, all.GateWeight.Sum(), 12);
    }

    [Fact]
    public void The_gate_gradient_should_match_finite_differences_of_the_joined_loss()
    {
        float[][] answers = [Noisy(Targets, 0.2, 4), Noisy(Targets, 0.6, 5), Noisy(Targets, 0.9, 6)];
        double[] logits = [0.3, -0.4, 0.2];
        const double h = 1e-6;

        var scores = GatedCoalition.Evaluate(answers, logits, Targets);

        for (var j = 0; j < logits.Length; j++)
        {
            var up = (double[])logits.Clone();
            var down = (double[])logits.Clone();
            up[j] += h;
            down[j] -= h;
            var numeric = (GatedCoalition.Evaluate(answers, up, Targets).JoinedLoss - GatedCoalition.Evaluate(answers, down, Targets).JoinedLoss) / (2 * h);
            Assert.Equal(numeric, scores.GateGradient[j], 7);
        }
    }

    [Fact]
    public void A_miner_holding_all_of_the_gate_should_still_get_an_exact_leave_one_out()
    {
        float[][] answers = [Targets, Noisy(Targets, 0.5, 7)];

        var scores = GatedCoalition.Evaluate(answers, [800.0, 0.0], Targets);

        var otherAlone = GatedCoalition.Evaluate([answers[1]], [0.0], Targets).JoinedLoss;
        Assert.Equal(otherAlone - scores.JoinedLoss, scores.LeaveOneOut[0], 9);
        Assert.All(scores.Contribution, c => Assert.True(double.IsFinite(c)));
    }

    [Fact]
    public void No_answers_should_score_nothing_and_mismatched_lengths_should_be_refused()
    {
        var none = GatedCoalition.Evaluate([], [], Targets);
        Assert.Equal(none.EmptyLoss, none.JoinedLoss);
        Assert.Empty(none.Contribution);

        Assert.Throws<ArgumentException>(() => GatedCoalition.Evaluate([Targets], [], Targets));
        Assert.Throws<ArgumentException>(() => GatedCoalition.Evaluate([[1f]], [0.0], Targets));
        Assert.Throws<ArgumentException>(() => GatedCoalition.Evaluate([], [], []));
    }
}
