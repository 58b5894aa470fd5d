using TorchSharp;
using static TorchSharp.torch;

namespace Bittensor.Protocol;

/// <summary>
/// Lossless conversions between <see cref="TensorPayload"/> and TorchSharp tensors: the element bytes are copied
/// as they are, never through arithmetic, so every bit pattern (NaN payloads, signalling NaNs, ±Inf, subnormals,
/// −0.0, extreme integers) survives a round trip.
/// </summary>
/// <remarks>
/// Big-endian machines are not supported: libtorch stores elements in host byte order and the payload is
/// little-endian by definition, so both directions throw <see cref="PlatformNotSupportedException"/> when
/// <see cref="BitConverter.IsLittleEndian"/> is false rather than silently swap or corrupt values.
/// </remarks>
public sealed partial class TensorPayload
{
    /// <summary>
    /// Copies <paramref name="tensor"/> into a payload: detached from autograd, moved to the CPU and made
    /// contiguous (row-major, as the tensor is logically indexed) if it is not already. The tensor is not modified
    /// or disposed; every intermediate is disposed before returning.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The tensor's dtype is not one of float32, float16, bfloat16, int64, int32 or bool (convert it first, e.g.
    /// <c>tensor.to_type(ScalarType.Float32)</c>), it is sparse, or its shape breaks the payload limits.
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
    public static TensorPayload FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        EnsureLittleEndian();

        var dtype = ToPayloadDType(tensor.dtype);
        if (tensor.is_sparse)
        {
            throw new ArgumentException(
                "Sparse tensors cannot be sent: convert to a dense tensor first (tensor.to_dense()).", nameof(tensor));
        }

        var shape = tensor.shape;
        // Refuse an oversized tensor before copying it off its device.
        var count = ValidateShape(dtype, shape);

        var data = new byte[count * dtype.ElementSize()];
        if (count > 0)
        {
            using var scope = NewDisposeScope();
            // detach/cpu/contiguous each return a fresh handle (an alias when nothing needs to change), which the
            // scope disposes; the caller's tensor is untouched.
            var dense = tensor.detach().cpu().contiguous();
            var bytes = dense.bytes;
            if (bytes.Length != data.Length)
            {
                // libtorch and the dtype table disagree on the element size: never ship such a payload.
                throw new InvalidOperationException(
                    $"Tensor of {tensor.dtype} and shape [{string.Join(", ", shape)}] has {bytes.Length} bytes of "
                    + $"data; expected {data.Length}.");
            }
            bytes.CopyTo(data);
        }
        return CreateOwned(dtype, shape, data);
    }

    /// <summary>
    /// Creates a new tensor holding exactly this payload's bytes, with its dtype and shape, on
    /// <paramref name="device"/> (the CPU when null). The tensor does not require grad. It joins the caller's
    /// dispose scope, if any, like any other tensor a TorchSharp call returns.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
    public Tensor ToTensor(Device? device = null)
    {
        EnsureLittleEndian();

        using var scope = NewDisposeScope();
        var shape = Shape.ToArray();
        var onCpu = empty(shape, dtype: ToScalarType(DType), device: CPU);
        if (_data.Length > 0)
        {
            onCpu.bytes = _data;
        }

        var result = device is null || device.type == DeviceType.CPU ? onCpu : onCpu.to(device);
        if (!result.shape.AsSpan().SequenceEqual(shape) || result.NumberOfElements * result.ElementSize != _data.Length)
        {
            throw new InvalidOperationException(
                $"Tensor built from {this} has shape [{string.Join(", ", result.shape)}] and "
                + $"{result.NumberOfElements * result.ElementSize} bytes.");
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The payload dtype of a TorchSharp scalar type.</summary>
    /// <exception cref="ArgumentException">The scalar type has no payload dtype.</exception>
    public static TensorDType ToPayloadDType(ScalarType scalarType) => scalarType switch
    {
        ScalarType.Float32 => TensorDType.Float32,
        ScalarType.Float16 => TensorDType.Float16,
        ScalarType.BFloat16 => TensorDType.BFloat16,
        ScalarType.Int64 => TensorDType.Int64,
        ScalarType.Int32 => TensorDType.Int32,
        ScalarType.Bool => TensorDType.Bool,
        _ => throw new ArgumentException(
            $"Tensor dtype {scalarType} is not supported on the wire; supported: Float32, Float16, BFloat16, "
            + "Int64, Int32, Bool. Convert the tensor first (e.g. tensor.to_type(ScalarType.Float32)).",
            nameof(scalarType)),
    };

    /// <summary>The TorchSharp scalar type of a payload dtype.</summary>
    /// <exception cref="ArgumentException">The dtype is not a supported value.</exception>
    public static ScalarType ToScalarType(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 => ScalarType.Float32,
        TensorDType.Float16 => ScalarType.Float16,
        TensorDType.BFloat16 => ScalarType.BFloat16,
        TensorDType.Int64 => ScalarType.Int64,
        TensorDType.Int32 => ScalarType.Int32,
        TensorDType.Bool => ScalarType.Bool,
        _ => throw TensorDTypes.UnknownDType(dtype),
    };

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException(
                "Tensor payloads are little-endian and big-endian machines are not supported.");
        }
    }
}
