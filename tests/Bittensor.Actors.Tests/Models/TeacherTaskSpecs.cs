using System.Runtime.InteropServices;
using Bittensor.Models;
using Bittensor.Protocol;

namespace Bittensor.Tests.Models;

/// <summary><see cref="TeacherTask"/>: seeded, causal, bounded, and strict about its inputs.</summary>
public sealed class TeacherTaskSpecs
{
    private static long[] Tokens(TensorPayload payload) => MemoryMarshal.Cast<byte, long>(payload.Data.Span).ToArray();

    private static TensorPayload Payload(long[] tokens, int batch) =>
        TensorPayload.Create(TensorDType.Int64, [batch, tokens.Length / batch], MemoryMarshal.AsBytes(tokens.AsSpan()));

    [Fact]
    public void The_same_seed_should_give_the_same_teacher_and_batches_and_another_seed_another_teacher()
    {
        var inputs = new TeacherTask(1).SampleInputs(new Random(5), 3);

        Assert.Equal(inputs, new TeacherTask(1).SampleInputs(new Random(5), 3));
        Assert.Equal(new TeacherTask(1).Targets(inputs), new TeacherTask(1).Targets(inputs));
        Assert.NotEqual(new TeacherTask(1).Targets(inputs), new TeacherTask(2).Targets(inputs));
        Assert.Equal([3L, 8], inputs.Shape.ToArray());
        Assert.All(Tokens(inputs), token => Assert.InRange(token, 0, 63));
    }

    [Fact]
    public void Targets_should_have_the_answer_shape_lie_in_tanh_range_and_depend_only_on_the_prefix()
    {
        var task = new TeacherTask(3, vocabulary: 10, sequenceLength: 5, hiddenSize: 4);
        var tokens = new long[] { 1, 2, 3, 4, 5 };
        var changedLast = new long[] { 1, 2, 3, 4, 9 };

        var targets = task.Targets(Payload(tokens, 1));
        var other = task.Targets(Payload(changedLast, 1));

        Assert.Equal([1L, 5, 4], task.OutputShape(Payload(tokens, 1)));
        Assert.Equal(20, targets.Length);
        Assert.All(targets, v => Assert.InRange(v, -1f, 1f));
        Assert.Equal(targets[..16], other[..16]);     // positions 0..3 do not see the last token
        Assert.NotEqual(targets[16..], other[16..]);
        Assert.Equal(targets, task.TargetPayload(Payload(tokens, 1)).Data.ToArray().Chunk(4).Select(b => BitConverter.ToSingle(b)).ToArray());
    }

    [Fact]
    public void Inputs_the_teacher_cannot_take_should_be_refused_with_the_problem_named()
    {
        var task = new TeacherTask(1, vocabulary: 10);

        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => task.Targets(Payload([1, 10], 1))).Message);
        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => task.Targets(Payload([-1, 2], 1))).Message);
        var floats = TensorPayload.Create(TensorDType.Float32, [1, 2], new byte[8]);
        Assert.Contains("int64 token ids", Assert.Throws<ArgumentException>(() => task.Targets(floats)).Message);
        var rank3 = TensorPayload.Create(TensorDType.Int64, [1, 1, 1], new byte[8]);
        Assert.Contains("int64 token ids", Assert.Throws<ArgumentException>(() => task.Targets(rank3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherTask(1, vocabulary: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => task.SampleInputs(new Random(1), 0));
    }
}
