using System.Runtime.InteropServices;
using Bittensor.Models;
using Bittensor.Neurons.Scoring;
using Bittensor.Protocol;

namespace Bittensor.Tests.Neurons.Scoring;

/// <summary><see cref="GateVector"/>: template_validator's per-uid logits, and how <see cref="ValidatorScoring"/> drives a gate.</summary>
public sealed class GateVectorSpecs
{
    private static readonly TeacherTask Task = new(3, vocabulary: 16, sequenceLength: 4, hiddenSize: 4);
    private static readonly TensorPayload Inputs = Task.SampleInputs(new Random(1), 2);

    [Fact]
    public void A_step_should_move_each_logit_by_minus_the_learning_rate_times_its_gradient_whatever_the_inputs()
    {
        var gate = new GateVector(learningRate: 10);

        gate.Learn(Inputs, [0, 3], [0.2, -0.05]);
        gate.Learn(Inputs, [0], [0.0]);

        var logits = gate.Logits(Inputs, [0, 3]);
        Assert.Equal(-2.0, logits[0], 12);
        Assert.Equal(0.5, logits[1], 12);
        Assert.Equal([0.0, 0.0], gate.Logits(Inputs, [1, 7])); // never learned about: an equal share
        gate.Reset(0);
        Assert.Equal(0, gate.Logit(0));
        Assert.Equal(0.5, gate.Logit(3), 12);
        Assert.Throws<ArgumentException>(() => gate.Learn(Inputs, [0, 3], [double.NaN, 1]));
        Assert.Equal(0.5, gate.Logit(3), 12); // a refused step changes nothing
        Assert.Throws<ArgumentException>(() => gate.Learn(Inputs, [0], [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GateVector(-1));
    }

    [Fact]
    public void Scoring_should_step_the_gate_by_the_coalitions_gradient_and_reset_a_uid_whose_hotkey_changed()
    {
        var gate = new GateVector(learningRate: 10);
        var scoring = new ValidatorScoring(alpha: 0.5, gate);
        scoring.Sync(["a", "b", "c"]);
        var targets = Task.Targets(Inputs);
        var shape = Task.OutputShape(Inputs);
        var noise = targets.Select((_, i) => (float)Math.Sin(i)).ToArray();

        var report = scoring.Score(Inputs, [0, 2],
            [(ReturnCode.Success, Task.TargetPayload(Inputs)), (ReturnCode.Success, Payload(shape, noise))], targets, shape);

        var expected = GatedCoalition.Evaluate([targets, noise], [0.0, 0.0], targets);
        Assert.Equal(expected.JoinedLoss, report.Coalition.JoinedLoss, 12);
        Assert.Equal(-10 * expected.GateGradient[0], gate.Logit(0), 12);
        Assert.Equal(-10 * expected.GateGradient[1], gate.Logit(2), 12);
        Assert.True(gate.Logit(0) > 0 && gate.Logit(2) < 0, "the perfect answer gains weight, the noise loses it");
        Assert.Equal(expected.Contribution[0] / 2, scoring.Board.Score(0), 12);

        scoring.Sync(["a", "b", "z"]);

        Assert.Equal(0, gate.Logit(2));
        Assert.Equal(0, scoring.Board.Score(2));
        Assert.Equal(-10 * expected.GateGradient[0], gate.Logit(0), 12);
    }

    private static TensorPayload Payload(long[] shape, float[] values) =>
        TensorPayload.Create(TensorDType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()));
}
