using System.Runtime.InteropServices;
using Bittensor.Identity;
using Bittensor.Models;

namespace Bittensor.Tests.Models;

/// <summary><see cref="ParametricMinerModel"/>: the teacher plus noise of the promised size, reproducible per call.</summary>
public sealed class ParametricMinerModelSpecs
{
    private static readonly TeacherTask Task = new(11);
    private static readonly Address Caller = Keypair.FromSeed(new byte[32]).Address;

    private static float[] Values(Bittensor.Protocol.TensorPayload payload) => MemoryMarshal.Cast<byte, float>(payload.Data.Span).ToArray();

    [Fact]
    public void Quality_one_should_answer_the_teacher_exactly()
    {
        var inputs = Task.SampleInputs(new Random(1), 4);

        var answer = new ParametricMinerModel(Task, 1.0, seed: 3).Forward(Caller, inputs, CancellationToken.None);

        Assert.Equal(Task.TargetPayload(inputs), answer);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_noise_should_have_the_standard_deviation_of_its_quality(double quality)
    {
        var model = new ParametricMinerModel(Task, quality, seed: 3);
        var inputs = Task.SampleInputs(new Random(2), 64); // 64 × 8 × 16 = 8192 elements
        var targets = Task.Targets(inputs);

        var answer = Values(model.Forward(Caller, inputs, CancellationToken.None));
        var variance = answer.Zip(targets, (a, t) => (double)(a - t) * (a - t)).Average();

        Assert.Equal(model.NoiseStd, Math.Sqrt(variance), 0.03);
    }

    [Fact]
    public void A_call_should_be_a_function_of_seed_caller_and_inputs_alone()
    {
        var model = new ParametricMinerModel(Task, 0.5, seed: 3);
        var inputs = Task.SampleInputs(new Random(4), 2);
        var other = Keypair.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray()).Address;

        var first = model.Forward(Caller, inputs, CancellationToken.None);

        Assert.Equal(first, model.Forward(Caller, inputs, CancellationToken.None));
        Assert.Equal(first, new ParametricMinerModel(Task, 0.5, seed: 3).Forward(Caller, inputs, CancellationToken.None));
        Assert.NotEqual(first, model.Forward(other, inputs, CancellationToken.None));
        Assert.NotEqual(first, new ParametricMinerModel(Task, 0.5, seed: 4).Forward(Caller, inputs, CancellationToken.None));
    }

    [Fact]
    public void Out_of_range_settings_should_be_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParametricMinerModel(Task, 1.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParametricMinerModel(Task, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParametricMinerModel(Task, 0.5, 1, noiseScale: -1));
        Assert.False(new ParametricMinerModel(Task, 0.5, 1).AcceptsGradients);
    }
}
