using System.Runtime.InteropServices;
using Bittensor.Protocol;
using Bittensor.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Bittensor.Tests.Protocol;

/// <summary>Lossless <see cref="TensorPayload"/> ↔ TorchSharp conversions, bit for bit.</summary>
[Collection(TorchCollection.Name)]
public sealed class TensorConversionsSpecs
{
    // Special bit patterns: quiet NaN with a payload, signalling NaN, negative NaN, +Inf, −Inf, smallest positive
    // subnormal, largest negative subnormal, −0.0, +0.0, largest finite, lowest finite, 1.0.
    private static readonly uint[] Float32Bits =
    [
        0x7FC0_1234, 0x7F80_0001, 0xFFC0_0000, 0x7F80_0000, 0xFF80_0000, 0x0000_0001, 0x807F_FFFF, 0x8000_0000,
        0x0000_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x3F80_0000,
    ];

    private static readonly ushort[] Float16Bits =
    [
        0x7E01, 0x7C01, 0xFE00, 0x7C00, 0xFC00, 0x0001, 0x83FF, 0x8000, 0x0000, 0x7BFF, 0xFBFF, 0x3C00,
    ];

    private static readonly ushort[] BFloat16Bits =
    [
        0x7FC1, 0x7F81, 0xFFC0, 0x7F80, 0xFF80, 0x0001, 0x807F, 0x8000, 0x0000, 0x7F7F, 0xFF7F, 0x3F80,
    ];

    private static readonly long[] Int64Values = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue];

    private static readonly int[] Int32Values = [int.MinValue, int.MinValue + 1, -1, 0, 1, int.MaxValue - 1, int.MaxValue];

    public static TheoryData<TensorDType> DTypes => new(TensorDTypes.All);

    public static TheoryData<TensorDType, long[]> DTypesAndShapes
    {
        get
        {
            long[][] shapes = [[], [0], [3, 0, 2], [0, 0], [1], [5], [2, 3], [2, 3, 4], [1, 1, 1, 1], [4, 1, 3, 1, 2]];
            var data = new TheoryData<TensorDType, long[]>();
            foreach (var dtype in TensorDTypes.All)
            {
                foreach (var shape in shapes)
                {
                    data.Add(dtype, shape);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DTypesAndShapes))]
    public void FromTensor_should_round_trip_bitwise_when_converted_back_to_a_tensor(TensorDType dtype, long[] shape)
    {
        using var scope = NewDisposeScope();
        var original = RandomTensor(dtype, shape);

        var payload = TensorPayload.FromTensor(original);
        var back = payload.ToTensor();

        Assert.Equal(dtype, payload.DType);
        Assert.Equal(shape, payload.Shape);
        Assert.Equal(original.bytes.ToArray(), payload.Data.ToArray());
        Assert.Equal(original.dtype, back.dtype);
        Assert.Equal(shape, back.shape);
        Assert.Equal(original.bytes.ToArray(), back.bytes.ToArray());
        Assert.False(back.requires_grad);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void ToTensor_should_round_trip_bitwise_when_payload_holds_special_values(TensorDType dtype)
    {
        using var scope = NewDisposeScope();
        var bytes = SpecialBytes(dtype);
        var payload = TensorPayload.Create(dtype, [bytes.Length / dtype.ElementSize()], bytes);

        var tensor = payload.ToTensor();
        var back = TensorPayload.FromTensor(tensor);

        Assert.Equal(TensorPayload.ToScalarType(dtype), tensor.dtype);
        Assert.Equal(bytes, tensor.bytes.ToArray());
        Assert.Equal(payload, back);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void ToTensor_should_give_the_values_the_bits_encode_when_read_by_torch(TensorDType dtype)
    {
        using var scope = NewDisposeScope();
        var bytes = SpecialBytes(dtype);
        var expected = ExpectedValues(dtype);
        var payload = TensorPayload.Create(dtype, [expected.Length], bytes);

        // Torch does the widening, so this checks the payload's meaning, not only its bytes.
        var actual = payload.ToTensor().to_type(ScalarType.Float64).data<double>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(double.IsNaN(actual[i]), $"element {i}: expected NaN, got {actual[i]}");
            }
            else
            {
                // Bits, not values: tells −0.0 from +0.0.
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
            }
        }
    }

    [Fact]
    public void FromTensor_should_keep_extreme_integers_when_dtype_is_int64()
    {
        using var scope = NewDisposeScope();
        var original = tensor(Int64Values);

        var back = TensorPayload.FromTensor(original).ToTensor();

        Assert.Equal(Int64Values, back.data<long>().ToArray());
    }

    [Fact]
    public void FromTensor_should_keep_extreme_integers_when_dtype_is_int32()
    {
        using var scope = NewDisposeScope();
        var original = tensor(Int32Values);

        var back = TensorPayload.FromTensor(original).ToTensor();

        Assert.Equal(Int32Values, back.data<int>().ToArray());
    }

    [Fact]
    public void FromTensor_should_keep_float32_bit_patterns_when_built_from_a_managed_array()
    {
        using var scope = NewDisposeScope();
        var floats = Float32Bits.Select(BitConverter.UInt32BitsToSingle).ToArray();
        var original = tensor(floats);

        var payload = TensorPayload.FromTensor(original);

        Assert.Equal(MemoryMarshal.AsBytes(Float32Bits.AsSpan()).ToArray(), payload.Data.ToArray());
        var back = MemoryMarshal.Cast<float, uint>(payload.ToTensor().data<float>().ToArray()).ToArray();
        Assert.Equal(Float32Bits, back);
    }

    [Fact]
    public void FromTensor_should_write_row_major_order_when_tensor_is_not_contiguous()
    {
        using var scope = NewDisposeScope();
        var transposed = arange(6, dtype: ScalarType.Int64).reshape(2, 3).t();
        Assert.False(transposed.is_contiguous());

        var payload = TensorPayload.FromTensor(transposed);

        Assert.Equal(new long[] { 3, 2 }, payload.Shape);
        Assert.Equal([0L, 3L, 1L, 4L, 2L, 5L], MemoryMarshal.Cast<byte, long>(payload.Data.Span).ToArray());
    }

    [Fact]
    public void FromTensor_should_copy_values_when_tensor_tracks_gradients()
    {
        using var scope = NewDisposeScope();
        var leaf = tensor(new[] { 1.5f, -2.0f }, requires_grad: true);
        var computed = leaf * 2;

        var payload = TensorPayload.FromTensor(computed);

        Assert.Equal(new[] { 3.0f, -4.0f }, MemoryMarshal.Cast<byte, float>(payload.Data.Span).ToArray());
        Assert.True(computed.requires_grad);
    }

    [Fact]
    public void FromTensor_should_leave_the_tensor_usable_when_done()
    {
        using var scope = NewDisposeScope();
        var original = tensor(new[] { 7, 8, 9 });

        _ = TensorPayload.FromTensor(original);

        Assert.False(original.IsInvalid);
        Assert.Equal(new[] { 7, 8, 9 }, original.data<int>().ToArray());
    }

    [Fact]
    public void FromTensor_should_keep_the_copy_when_the_tensor_changes_afterwards()
    {
        using var scope = NewDisposeScope();
        var original = tensor(new[] { 1, 2 });
        var payload = TensorPayload.FromTensor(original);

        original.add_(10);

        Assert.Equal(new[] { 1, 2 }, MemoryMarshal.Cast<byte, int>(payload.Data.Span).ToArray());
    }

    [Fact]
    public void ToTensor_should_give_independent_tensors_when_called_twice()
    {
        using var scope = NewDisposeScope();
        var payload = TensorPayload.Create(TensorDType.Int32, [2], MemoryMarshal.AsBytes<int>([1, 2]));

        var first = payload.ToTensor();
        var second = payload.ToTensor();
        first.add_(100);

        Assert.Equal(new[] { 1, 2 }, second.data<int>().ToArray());
        Assert.Equal(new[] { 1, 2 }, MemoryMarshal.Cast<byte, int>(payload.Data.Span).ToArray());
    }

    [Fact]
    public void ToTensor_should_place_the_tensor_on_the_cpu_when_asked_for_the_cpu()
    {
        using var scope = NewDisposeScope();
        var payload = TensorPayload.Create(TensorDType.Float32, [1], BitConverter.GetBytes(-0.0f));

        var placed = payload.ToTensor(CPU);

        Assert.Equal(DeviceType.CPU, placed.device_type);
        Assert.Equal(payload, TensorPayload.FromTensor(placed));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void ToTensor_should_round_trip_through_cuda_when_a_gpu_is_available(TensorDType dtype)
    {
        if (!cuda.is_available())
        {
            return; // Checked on GPU machines only; the CPU path is covered above.
        }
        using var scope = NewDisposeScope();
        var bytes = SpecialBytes(dtype);
        var payload = TensorPayload.Create(dtype, [bytes.Length / dtype.ElementSize()], bytes);

        var onGpu = payload.ToTensor(CUDA);

        Assert.Equal(DeviceType.CUDA, onGpu.device_type);
        Assert.Equal(payload, TensorPayload.FromTensor(onGpu));
    }

    [Fact]
    public void ToTensor_should_join_the_callers_dispose_scope_when_one_is_open()
    {
        var payload = TensorPayload.Create(TensorDType.Int64, [3], new byte[24]);
        Tensor created;

        using (NewDisposeScope())
        {
            created = payload.ToTensor();
            Assert.False(created.IsInvalid);
        }

        Assert.True(created.IsInvalid);
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.ComplexFloat32)]
    public void FromTensor_should_refuse_the_tensor_when_its_dtype_is_unsupported(ScalarType scalarType)
    {
        using var scope = NewDisposeScope();
        var unsupported = zeros([2, 2], dtype: scalarType);

        var error = Assert.Throws<ArgumentException>(() => TensorPayload.FromTensor(unsupported));

        Assert.Contains($"Tensor dtype {scalarType} is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("to_type(ScalarType.Float32)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTensor_should_refuse_the_tensor_when_it_exceeds_the_size_limit()
    {
        using var scope = NewDisposeScope();
        // Expanded: one element of storage, 2^25 logical float32 elements (128 MiB once made contiguous).
        var huge = zeros([1], dtype: ScalarType.Float32).expand(1L << 25);

        var error = Assert.Throws<ArgumentException>(() => TensorPayload.FromTensor(huge));

        Assert.Contains("-byte limit", error.Message, StringComparison.Ordinal);
    }

    private static Tensor RandomTensor(TensorDType dtype, long[] shape) => dtype switch
    {
        TensorDType.Float32 or TensorDType.Float16 or TensorDType.BFloat16 =>
            randn(shape).to_type(TensorPayload.ToScalarType(dtype)),
        TensorDType.Int64 or TensorDType.Int32 =>
            randint(-1_000_000, 1_000_000, shape, dtype: TensorPayload.ToScalarType(dtype)),
        TensorDType.Bool => rand(shape) < 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    private static byte[] SpecialBytes(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => MemoryMarshal.AsBytes(Float32Bits.AsSpan()).ToArray(),
        TensorDType.Float16 => MemoryMarshal.AsBytes(Float16Bits.AsSpan()).ToArray(),
        TensorDType.BFloat16 => MemoryMarshal.AsBytes(BFloat16Bits.AsSpan()).ToArray(),
        TensorDType.Int64 => MemoryMarshal.AsBytes(Int64Values.AsSpan()).ToArray(),
        TensorDType.Int32 => MemoryMarshal.AsBytes(Int32Values.AsSpan()).ToArray(),
        TensorDType.Bool => [0, 1, 1, 0, 0, 1],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    private static double[] ExpectedValues(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => Float32Bits.Select(bits => (double)BitConverter.UInt32BitsToSingle(bits)).ToArray(),
        TensorDType.Float16 => Float16Bits.Select(bits => (double)BitConverter.UInt16BitsToHalf(bits)).ToArray(),
        TensorDType.BFloat16 =>
            BFloat16Bits.Select(bits => (double)BitConverter.UInt32BitsToSingle((uint)bits << 16)).ToArray(),
        TensorDType.Int64 => Int64Values.Select(value => (double)value).ToArray(),
        TensorDType.Int32 => Int32Values.Select(value => (double)value).ToArray(),
        TensorDType.Bool => [0, 1, 1, 0, 0, 1],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };
}
