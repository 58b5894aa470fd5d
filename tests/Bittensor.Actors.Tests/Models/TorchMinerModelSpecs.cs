using System.Runtime.InteropServices;
using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Protocol;
using static TorchSharp.torch;

namespace Bittensor.Tests.Models;

/// <summary><see cref="TorchMinerModel"/>: learns the teacher locally and from validators' gradients, on the CPU here.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchMinerModelSpecs
{
    private static readonly TeacherTask Task = new(21, vocabulary: 16, sequenceLength: 6, hiddenSize: 8);
    private static readonly Address Caller = Keypair.FromSeed(new byte[32]).Address;

    [Fact]
    public void Training_should_bring_the_error_against_the_teacher_well_below_the_untrained_error()
    {
        using var model = new TorchMinerModel(Task, width: 32, CPU, seed: 1);
        var untrained = model.Evaluate(64, new Random(9));

        model.Train(steps: 300, batchSize: 32, new Random(2));
        var trained = model.Evaluate(64, new Random(9));

        Assert.True(trained < untrained / 3, $"trained {trained:F4}, untrained {untrained:F4}");
    }

    [Fact]
    public void Forward_should_answer_float32_of_the_teacher_shape_and_refuse_what_the_teacher_refuses()
    {
        using var model = new TorchMinerModel(Task, width: 8, CPU, seed: 1);
        var inputs = Task.SampleInputs(new Random(1), 3);

        var answer = model.Forward(Caller, inputs, CancellationToken.None);

        Assert.Equal(TensorDType.Float32, answer.DType);
        Assert.Equal([3L, 6, 8], answer.Shape.ToArray());
        var outOfVocabulary = TensorPayload.Create(TensorDType.Int64, [1, 1], BitConverter.GetBytes(99L));
        Assert.Throws<ArgumentException>(() => model.Forward(Caller, outOfVocabulary, CancellationToken.None));
    }

    [Fact]
    public void Gradients_from_a_validator_should_lower_that_validators_loss_and_bad_gradients_should_be_refused()
    {
        using var model = new TorchMinerModel(Task, width: 16, CPU, seed: 2, remoteLearningRate: 0.05);
        var inputs = Task.SampleInputs(new Random(3), 8);
        var targets = Task.Targets(inputs);
        double Loss() => MemoryMarshal.Cast<byte, float>(model.Forward(Caller, inputs, CancellationToken.None).Data.Span).ToArray()
            .Zip(targets, (a, t) => (double)(a - t) * (a - t)).Average();

        var before = Loss();
        for (var step = 0; step < 20; step++)
        {
            // ∂MSE/∂output, as a validator computes it for the answer it received.
            var answer = MemoryMarshal.Cast<byte, float>(model.Forward(Caller, inputs, CancellationToken.None).Data.Span).ToArray();
            var gradients = answer.Zip(targets, (a, t) => 2 * (a - t) / targets.Length).ToArray();
            model.Backward(Caller, inputs, TensorPayload.Create(TensorDType.Float32, Task.OutputShape(inputs), MemoryMarshal.AsBytes(gradients.AsSpan())), CancellationToken.None);
        }

        Assert.True(Loss() < before * 0.9, $"loss {Loss():F5} after, {before:F5} before");
        var nan = Enumerable.Repeat(float.NaN, targets.Length).ToArray();
        Assert.Throws<ArgumentException>(() => model.Backward(Caller, inputs,
            TensorPayload.Create(TensorDType.Float32, Task.OutputShape(inputs), MemoryMarshal.AsBytes(nan.AsSpan())), CancellationToken.None));
        Assert.Throws<ArgumentException>(() => model.Backward(Caller, inputs,
            TensorPayload.Create(TensorDType.Float32, [1, 1], new byte[4]), CancellationToken.None));
    }
}
