using Bittensor.Protocol;

namespace Bittensor.Tests.Protocol;

/// <summary>Validation and equality of <see cref="TensorPayload"/>; no TorchSharp involved.</summary>
public sealed class TensorPayloadSpecs
{
    [Theory]
    [InlineData(TensorDType.Float32, 1, 4)]
    [InlineData(TensorDType.Int32, 3, 4)]
    [InlineData(TensorDType.Int64, 4, 8)]
    [InlineData(TensorDType.Float16, 6, 2)]
    [InlineData(TensorDType.BFloat16, 7, 2)]
    [InlineData(TensorDType.Bool, 8, 1)]
    public void TensorDType_should_keep_its_wire_value_and_element_size_when_pinned(
        TensorDType dtype, byte wireValue, int elementSize)
    {
        Assert.Equal(wireValue, (byte)dtype);
        Assert.Equal(elementSize, dtype.ElementSize());
    }

    [Fact]
    public void TensorDType_should_list_exactly_the_six_supported_types_when_enumerated()
    {
        Assert.Equal(Enum.GetValues<TensorDType>(), TensorDTypes.All);
        Assert.Equal(6, TensorDTypes.All.Count);
    }

    [Fact]
    public void Create_should_keep_dtype_shape_and_bytes_when_valid()
    {
        byte[] data = [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0];

        var payload = TensorPayload.Create(TensorDType.Int32, [2, 3], data);

        Assert.Equal(TensorDType.Int32, payload.DType);
        Assert.Equal(new long[] { 2, 3 }, payload.Shape);
        Assert.Equal(2, payload.Rank);
        Assert.Equal(6, payload.ElementCount);
        Assert.Equal(data, payload.Data.ToArray());
    }

    [Fact]
    public void Create_should_accept_a_scalar_when_shape_is_empty()
    {
        var payload = TensorPayload.Create(TensorDType.Int64, [], new byte[8]);

        Assert.Equal(0, payload.Rank);
        Assert.Equal(1, payload.ElementCount);
    }

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { 3, 0, 2 })]
    [InlineData(new long[] { 0, TensorPayload.MaxByteLength / 4 })]
    public void Create_should_accept_an_empty_tensor_when_a_dimension_is_zero(long[] shape)
    {
        var payload = TensorPayload.Create(TensorDType.Float32, shape, []);

        Assert.Equal(0, payload.ElementCount);
        Assert.True(payload.Data.IsEmpty);
    }

    [Fact]
    public void Create_should_copy_the_bytes_when_the_caller_changes_its_array_afterwards()
    {
        byte[] data = [1, 0, 1];
        var payload = TensorPayload.Create(TensorDType.Bool, [3], data);

        data[0] = 0;

        Assert.Equal([1, 0, 1], payload.Data.ToArray());
    }

    [Theory]
    [InlineData(TensorDType.Float32, new long[] { 2, 3 }, 23)]
    [InlineData(TensorDType.Float32, new long[] { 2, 3 }, 25)]
    [InlineData(TensorDType.Int64, new long[] { }, 4)]
    [InlineData(TensorDType.Float16, new long[] { 0 }, 2)]
    [InlineData(TensorDType.Bool, new long[] { 4 }, 0)]
    public void Create_should_reject_the_data_when_byte_length_does_not_match_the_shape(
        TensorDType dtype, long[] shape, int length)
    {
        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create(dtype, shape, new byte[length]));

        Assert.Equal("data", error.ParamName);
        Assert.Contains($"is {length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_should_reject_the_shape_when_a_dimension_is_negative()
    {
        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create(TensorDType.Float32, [2, -1], []));

        Assert.Equal("shape", error.ParamName);
        Assert.Contains("negative dimension -1 at index 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { long.MaxValue })]
    [InlineData(new long[] { 1L << 32, 1L << 32 })]
    [InlineData(new long[] { 1L << 20, 1L << 20 })]
    [InlineData(new long[] { 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096 })]
    [InlineData(new long[] { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1L << 20 })]
    public void Create_should_reject_the_shape_when_it_overflows_or_exceeds_the_size_limit(long[] shape)
    {
        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create(TensorDType.Float32, shape, new byte[4]));

        Assert.Equal("shape", error.ParamName);
        Assert.Contains($"{TensorPayload.MaxByteLength}-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_should_accept_the_largest_payload_when_exactly_at_the_size_limit()
    {
        var payload = TensorPayload.Create(TensorDType.Int64, [TensorPayload.MaxByteLength / 8], new byte[TensorPayload.MaxByteLength]);

        Assert.Equal(TensorPayload.MaxByteLength, payload.Data.Length);
    }

    [Fact]
    public void Create_should_reject_the_shape_when_rank_exceeds_the_maximum()
    {
        var shape = Enumerable.Repeat(1L, TensorPayload.MaxRank + 1).ToArray();

        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create(TensorDType.Bool, shape, new byte[1]));

        Assert.Contains($"{TensorPayload.MaxRank + 1} dimensions; at most {TensorPayload.MaxRank}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void Create_should_reject_bool_data_when_a_byte_is_neither_zero_nor_one(byte bad)
    {
        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create(TensorDType.Bool, [3], [1, bad, 0]));

        Assert.Equal("data", error.ParamName);
        Assert.Contains($"0x{bad:X2} at element 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(255)]
    public void Create_should_reject_the_dtype_when_it_is_not_a_supported_value(byte value)
    {
        var error = Assert.Throws<ArgumentException>(() => TensorPayload.Create((TensorDType)value, [], new byte[4]));

        Assert.Contains($"Unknown tensor dtype {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_should_compare_bytes_when_payloads_are_distinct_instances()
    {
        var nan = BitConverter.GetBytes(BitConverter.Int32BitsToSingle(0x7FC0_1234));
        var otherNan = BitConverter.GetBytes(BitConverter.Int32BitsToSingle(0x7FC0_4321));

        var first = TensorPayload.Create(TensorDType.Float32, [1], nan);
        var same = TensorPayload.Create(TensorDType.Float32, [1], nan);
        var differentBits = TensorPayload.Create(TensorDType.Float32, [1], otherNan);
        var differentShape = TensorPayload.Create(TensorDType.Float32, [1, 1], nan);
        var differentDType = TensorPayload.Create(TensorDType.Int32, [1], nan);

        Assert.Equal(first, same);
        Assert.True(first == same);
        Assert.Equal(first.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(first, differentBits);
        Assert.NotEqual(first, differentShape);
        Assert.NotEqual(first, differentDType);
        Assert.True(first != differentDType);
    }

    [Fact]
    public void Equals_should_tell_zero_from_negative_zero_when_comparing_float_bits()
    {
        var zero = TensorPayload.Create(TensorDType.Float32, [], BitConverter.GetBytes(0.0f));
        var negativeZero = TensorPayload.Create(TensorDType.Float32, [], BitConverter.GetBytes(-0.0f));

        Assert.NotEqual(zero, negativeZero);
    }

    [Fact]
    public void ToString_should_name_dtype_shape_and_size_when_formatted()
    {
        var payload = TensorPayload.Create(TensorDType.Float16, [2, 3], new byte[12]);

        Assert.Equal("TensorPayload(Float16, [2, 3], 12 bytes)", payload.ToString());
    }
}
