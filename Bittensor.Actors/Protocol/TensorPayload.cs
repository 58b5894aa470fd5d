using System.Collections.Immutable;
using System.Globalization;

namespace Bittensor.Protocol;

/// <summary>
/// A tensor as it travels between peers: a dtype, a shape and the raw element bytes, little-endian and row-major
/// (C order), exactly as Bittensor's msgpack-numpy buffers lay them out (bittensor-reference.md §4). Immutable:
/// the factories copy (or take sole ownership of) the bytes, and every instance has been validated, so a receiver
/// never sees a payload whose byte length disagrees with its shape.
/// </summary>
/// <remarks>
/// Limits, checked on every construction: rank at most <see cref="MaxRank"/>, no negative dimension, no dimension
/// and no total above <see cref="MaxByteLength"/> bytes, and bool elements only 0 or 1. Equality compares dtype,
/// shape and bytes, so two NaNs with the same bit pattern are equal and <c>0.0</c> and <c>-0.0</c> are not.
/// Conversions to and from TorchSharp tensors are in <c>TensorConversions.cs</c>.
/// </remarks>
public sealed partial class TensorPayload : IEquatable<TensorPayload>
{
    /// <summary>The most dimensions a payload may have.</summary>
    public const int MaxRank = 16;

    /// <summary>The largest payload, in bytes of element data: 64 MiB (16M float32 elements).</summary>
    public const long MaxByteLength = 64L * 1024 * 1024;

    private readonly byte[] _data;

    private TensorPayload(TensorDType dtype, ImmutableArray<long> shape, long elementCount, byte[] data)
    {
        DType = dtype;
        Shape = shape;
        ElementCount = elementCount;
        _data = data;
    }

    /// <summary>The element type.</summary>
    public TensorDType DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar (rank 0).</summary>
    public ImmutableArray<long> Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar, 0 if any dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>The element bytes: little-endian, row-major, <see cref="ElementCount"/> × element size long.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Builds a payload from a copy of <paramref name="data"/>, after validating it against the dtype and shape.</summary>
    /// <exception cref="ArgumentException">
    /// The dtype is unknown, the shape is invalid (too many dimensions, a negative dimension, or larger than
    /// <see cref="MaxByteLength"/>), the byte length does not match the shape, or a bool byte is neither 0 nor 1.
    /// The message names the problem.
    /// </exception>
    public static TensorPayload Create(TensorDType dtype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data) =>
        Build(dtype, shape.ToArray(), data.ToArray());

    /// <summary>
    /// Builds a payload that takes ownership of <paramref name="data"/> without copying it: the caller must not
    /// touch the array afterwards. For deserializers and <see cref="FromTensor"/>, which hold a fresh array.
    /// </summary>
    internal static TensorPayload CreateOwned(TensorDType dtype, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        return Build(dtype, (long[])shape.Clone(), data);
    }

    /// <summary>
    /// Checks <paramref name="shape"/> against the dtype and the limits and returns the element count, without
    /// needing the bytes: lets a sender refuse an oversized tensor before copying it.
    /// </summary>
    /// <exception cref="ArgumentException">The dtype is unknown or the shape is invalid.</exception>
    public static long ValidateShape(TensorDType dtype, ReadOnlySpan<long> shape)
    {
        if (!TensorDTypes.IsDefined(dtype))
        {
            throw TensorDTypes.UnknownDType(dtype);
        }
        if (shape.Length > MaxRank)
        {
            throw new ArgumentException(
                $"Tensor shape has {shape.Length} dimensions; at most {MaxRank} are allowed.", nameof(shape));
        }

        var elementSize = dtype.ElementSize();
        var maxElements = MaxByteLength / elementSize;
        var hasZero = false;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentException(
                    $"Tensor shape {Format(shape)} has a negative dimension {shape[i]} at index {i}.", nameof(shape));
            }
            if (shape[i] > maxElements)
            {
                throw new ArgumentException(
                    $"Tensor shape {Format(shape)} has dimension {shape[i]} at index {i}, more than the "
                    + $"{maxElements} {dtype} elements that fit in the {MaxByteLength}-byte limit.", nameof(shape));
            }
            hasZero |= shape[i] == 0;
        }
        if (hasZero)
        {
            return 0;
        }

        // Every factor is at most maxElements (≤ 2^26) and the running product stays at most maxElements, so the
        // multiplication below never exceeds 2^52: no overflow, even for 16 large dimensions.
        long count = 1;
        foreach (var dimension in shape)
        {
            count = checked(count * dimension);
            if (count > maxElements)
            {
                throw new ArgumentException(
                    $"Tensor shape {Format(shape)} holds more than {maxElements} {dtype} elements, over the "
                    + $"{MaxByteLength}-byte limit.", nameof(shape));
            }
        }
        return count;
    }

    private static TensorPayload Build(TensorDType dtype, long[] shape, byte[] data)
    {
        var count = ValidateShape(dtype, shape);
        var expected = count * dtype.ElementSize();
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"Tensor data is {data.LongLength} bytes but shape {Format(shape)} of {dtype} needs {count} × "
                + $"{dtype.ElementSize()} = {expected} bytes.", nameof(data));
        }
        if (dtype == TensorDType.Bool)
        {
            var bad = data.AsSpan().IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
            {
                throw new ArgumentException(
                    $"Bool tensor data has byte 0x{data[bad]:X2} at element {bad}; only 0 and 1 are allowed.",
                    nameof(data));
            }
        }
        return new TensorPayload(dtype, ImmutableArray.Create(shape), count, data);
    }

    public bool Equals(TensorPayload? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (DType == other.DType
                && Shape.AsSpan().SequenceEqual(other.Shape.AsSpan())
                && _data.AsSpan().SequenceEqual(other._data)));

    public override bool Equals(object? obj) => Equals(obj as TensorPayload);

    /// <summary>Hashes dtype, shape, length and at most the first 64 bytes: cheap for large payloads, consistent with <see cref="Equals(TensorPayload?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(DType);
        foreach (var dimension in Shape)
        {
            hash.Add(dimension);
        }
        hash.Add(_data.Length);
        hash.AddBytes(_data.AsSpan(0, Math.Min(_data.Length, 64)));
        return hash.ToHashCode();
    }

    public static bool operator ==(TensorPayload? left, TensorPayload? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(TensorPayload? left, TensorPayload? right) => !(left == right);

    public override string ToString() =>
        $"TensorPayload({DType}, {Format(Shape.AsSpan())}, {_data.Length} bytes)";

    private static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }
        return "[" + string.Join(", ", parts) + "]";
    }
}
