using Bittensor.Models;
using Bittensor.Neurons.Scoring;
using static TorchSharp.torch;

namespace Bittensor.Tests.Models;

/// <summary><see cref="TorchGatingNetwork"/>: core_validator's input-conditioned gate, on the CPU here.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchGatingNetworkSpecs
{
    private static readonly TeacherTask Task = new(11, vocabulary: 16, sequenceLength: 6, hiddenSize: 8);

    [Fact]
    public void A_seed_should_fix_the_initial_weights_and_so_every_logit()
    {
        var inputs = Task.SampleInputs(new Random(1), 4);
        using var first = new TorchGatingNetwork(Task.Vocabulary, maxUids: 8, width: 16, CPU, seed: 7);
        using var again = new TorchGatingNetwork(Task.Vocabulary, maxUids: 8, width: 16, CPU, seed: 7);
        using var other = new TorchGatingNetwork(Task.Vocabulary, maxUids: 8, width: 16, CPU, seed: 8);
        int[] uids = [0, 3, 7];

        Assert.Equal(first.Logits(inputs, uids), again.Logits(inputs, uids));
        Assert.NotEqual(first.Logits(inputs, uids), other.Logits(inputs, uids));
        first.Learn(inputs, uids, [0.1, -0.2, 0.3]);
        again.Learn(inputs, uids, [0.1, -0.2, 0.3]);
        Assert.Equal(first.Logits(inputs, uids), again.Logits(inputs, uids));
        Assert.NotEqual(first.Logits(inputs, uids), first.Logits(Task.SampleInputs(new Random(2), 4), uids)); // conditioned on the inputs
    }

    [Fact]
    public void A_step_should_move_the_logits_against_the_gradient_and_lower_the_surrogate()
    {
        var inputs = Task.SampleInputs(new Random(3), 4);
        using var gate = new TorchGatingNetwork(Task.Vocabulary, maxUids: 8, width: 16, CPU, seed: 1, learningRate: 0.05);
        int[] uids = [1, 2, 5];
        double[] gradient = [1.0, -0.5, 0.25];

        var before = gate.Logits(inputs, uids);
        gate.Learn(inputs, uids, gradient);
        var after = gate.Logits(inputs, uids);

        for (var j = 0; j < uids.Length; j++)
        {
            Assert.True(Math.Sign(after[j] - before[j]) == -Math.Sign(gradient[j]), $"uid {uids[j]}: {before[j]:F5} → {after[j]:F5}");
        }

        Assert.True(gradient.Zip(after, (g, l) => g * l).Sum() < gradient.Zip(before, (g, l) => g * l).Sum());
    }

    [Fact]
    public void Learning_from_the_coalitions_gradients_should_favour_the_perfect_responder_and_lower_the_joined_loss()
    {
        var inputs = Task.SampleInputs(new Random(4), 8);
        var targets = Task.Targets(inputs);
        var random = new Random(5);
        var noise = targets.Select(_ => (float)Gaussian.Next(random)).ToArray();
        using var gate = new TorchGatingNetwork(Task.Vocabulary, maxUids: 8, width: 16, CPU, seed: 2);
        int[] uids = [6, 1]; // the perfect responder, the noise
        CoalitionScores Evaluate() => GatedCoalition.Evaluate([targets, noise], gate.Logits(inputs, uids), targets);

        var first = Evaluate();
        for (var step = 0; step < 50; step++)
        {
            gate.Learn(inputs, uids, Evaluate().GateGradient);
        }

        var last = Evaluate();
        Assert.True(last.GateWeight[0] > first.GateWeight[0] && last.GateWeight[0] > 0.9, $"perfect weight {first.GateWeight[0]:F3} → {last.GateWeight[0]:F3}");
        Assert.True(last.JoinedLoss < first.JoinedLoss / 10, $"joined loss {first.JoinedLoss:F4} → {last.JoinedLoss:F4}");
    }

    [Fact]
    public void Uids_outside_the_network_should_be_refused_and_a_reset_uid_should_score_zero()
    {
        var inputs = Task.SampleInputs(new Random(6), 2);
        using var gate = new TorchGatingNetwork(Task.Vocabulary, maxUids: 4, width: 8, CPU, seed: 3);

        Assert.Throws<ArgumentException>(() => gate.Logits(inputs, [0, 4]));
        Assert.Throws<ArgumentException>(() => gate.Learn(inputs, [-1], [1.0]));
        Assert.Throws<ArgumentException>(() => gate.Reset(4));
        Assert.Throws<ArgumentException>(() => gate.Learn(inputs, [0], [double.NaN]));
        Assert.Throws<ArgumentException>(() => gate.Logits(Bittensor.Protocol.TensorPayload.Create(
            Bittensor.Protocol.TensorDType.Int64, [1, 1], BitConverter.GetBytes(99L)), [0]));

        gate.Learn(inputs, [2, 3], [1.0, -1.0]);
        gate.Reset(2);
        Assert.Equal(0.0, gate.Logits(inputs, [2])[0]);
        Assert.Equal(0.0, gate.Logits(Task.SampleInputs(new Random(7), 3), [2])[0]);
        Assert.NotEqual(0.0, gate.Logits(inputs, [3])[0]);
    }
}
