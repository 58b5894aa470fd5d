using System.Runtime.InteropServices;
using Bittensor.Neurons.Scoring;
using Bittensor.Protocol;

namespace Bittensor.Tests.Neurons.Scoring;

/// <summary><see cref="ResponseCheck"/>: only a finite float32 answer of the asked shape is scored.</summary>
public sealed class ResponseCheckSpecs
{
    private static readonly long[] Shape = [1, 2, 2];

    private static TensorPayload Floats(long[] shape, params float[] values) =>
        TensorPayload.Create(TensorDType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()));

    [Fact]
    public void A_finite_float32_answer_of_the_right_shape_should_be_scored()
    {
        var values = ResponseCheck.Decode(ReturnCode.Success, Floats(Shape, 1, 2, 3, 4), Shape, out var failure);

        Assert.Equal([1f, 2, 3, 4], values!);
        Assert.Equal("", failure);
    }

    public static TheoryData<ReturnCode, TensorPayload?, string> Failed => new()
    {
        { ReturnCode.Timeout, null, "answered Timeout" },
        { ReturnCode.Success, null, "no tensor" },
        { ReturnCode.Success, Floats(Shape, 1, float.NaN, 3, 4), "NaN or infinite" },
        { ReturnCode.Success, Floats(Shape, 1, 2, float.PositiveInfinity, 4), "NaN or infinite" },
        { ReturnCode.Success, Floats([2, 2], 1, 2, 3, 4), "shape [2, 2], not [1, 2, 2]" },
        { ReturnCode.Success, TensorPayload.Create(TensorDType.Int32, Shape, new byte[16]), "Int32, not float32" },
        { ReturnCode.UnknownException, Floats(Shape, 1, 2, 3, 4), "answered UnknownException" },
    };

    [Theory]
    [MemberData(nameof(Failed))]
    public void Anything_else_should_fail_with_the_reason(ReturnCode code, TensorPayload? outputs, string reason)
    {
        Assert.Null(ResponseCheck.Decode(code, outputs, Shape, out var failure));
        Assert.Contains(reason, failure);
    }
}
