namespace Bittensor.Protocol;

/// <summary>
/// The element types a <see cref="TensorPayload"/> can carry. The numeric values are the wire encoding and never
/// change: where Bittensor's <c>DataType</c> proto enum (bittensor-reference.md §3.2) has the type, the value is
/// the same (FLOAT32 = 1, INT32 = 3, INT64 = 4, FLOAT16 = 6); the two types it lacks take the next free numbers.
/// 0 (Bittensor's UNKNOWN), 2 (FLOAT64) and 5 (UTF8) are reserved and never valid here.
/// </summary>
public enum TensorDType : byte
{
    /// <summary>IEEE 754 binary32, 4 bytes per element.</summary>
    Float32 = 1,

    /// <summary>Two's-complement 32-bit integer, 4 bytes per element.</summary>
    Int32 = 3,

    /// <summary>Two's-complement 64-bit integer, 8 bytes per element (token ids).</summary>
    Int64 = 4,

    /// <summary>IEEE 754 binary16 (half precision), 2 bytes per element.</summary>
    Float16 = 6,

    /// <summary>bfloat16 (the upper half of a binary32), 2 bytes per element.</summary>
    BFloat16 = 7,

    /// <summary>Boolean, 1 byte per element holding exactly 0 (false) or 1 (true).</summary>
    Bool = 8,
}

/// <summary>Sizes and names of <see cref="TensorDType"/> values.</summary>
public static class TensorDTypes
{
    /// <summary>Every supported dtype, in wire-value order.</summary>
    public static IReadOnlyList<TensorDType> All { get; } =
    [
        TensorDType.Float32, TensorDType.Int32, TensorDType.Int64, TensorDType.Float16, TensorDType.BFloat16,
        TensorDType.Bool,
    ];

    /// <summary>Whether <paramref name="dtype"/> is one of the supported values (a byte off the wire may not be).</summary>
    public static bool IsDefined(TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 or TensorDType.Int32 or TensorDType.Int64 or TensorDType.Float16
            or TensorDType.BFloat16 or TensorDType.Bool => true,
        _ => false,
    };

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not a supported value.</exception>
    public static int ElementSize(this TensorDType dtype) => dtype switch
    {
        TensorDType.Float32 or TensorDType.Int32 => 4,
        TensorDType.Int64 => 8,
        TensorDType.Float16 or TensorDType.BFloat16 => 2,
        TensorDType.Bool => 1,
        _ => throw UnknownDType(dtype),
    };

    internal static ArgumentException UnknownDType(TensorDType dtype) =>
        new($"Unknown tensor dtype {(byte)dtype}: expected one of "
            + string.Join(", ", All.Select(d => $"{d} ({(byte)d})")) + ".", nameof(dtype));
}
