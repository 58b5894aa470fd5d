using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// What an axon accepts as forward inputs (bittensor-reference.md §6.2, "Forward validation"): an element type, a
/// rank and optionally a fixed last dimension. Every dimension must be at least 1 (Bittensor refuses a batch or
/// sequence dimension below 1). Null members are not checked.
/// </summary>
/// <param name="DType">The required element type (token ids are <see cref="TensorDType.Int64"/>), or null for any.</param>
/// <param name="Rank">The required number of dimensions (2 for text <c>[batch, seq]</c>), or null for any.</param>
/// <param name="LastDimension">The required size of the last dimension, or null for any.</param>
public sealed record AxonInputRule(TensorDType? DType = null, int? Rank = null, long? LastDimension = null)
{
    /// <summary>Token ids <c>[batch, seq]</c>, int64: the inputs of every text synapse.</summary>
    public static AxonInputRule TextTokens { get; } = new(TensorDType.Int64, 2);

    /// <summary>Anything with no empty dimension.</summary>
    public static AxonInputRule Any { get; } = new();

    /// <summary>
    /// Checks <paramref name="inputs"/>: null when they are acceptable, else the code
    /// (<see cref="ReturnCode.EmptyRequest"/>, <see cref="ReturnCode.InvalidRequest"/> for a wrong dtype,
    /// <see cref="ReturnCode.RequestShapeException"/> for a wrong shape) and a message naming the problem.
    /// </summary>
    public (ReturnCode Code, string Message)? Check(TensorPayload inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.ElementCount == 0)
        {
            return (ReturnCode.EmptyRequest, $"The request tensor {inputs} holds no elements.");
        }

        if (DType is { } dtype && inputs.DType != dtype)
        {
            return (ReturnCode.InvalidRequest, $"The request tensor is {inputs.DType}; this axon expects {dtype}.");
        }

        if (Rank is { } rank && inputs.Rank != rank)
        {
            return (ReturnCode.RequestShapeException,
                $"The request tensor has rank {inputs.Rank} ({inputs}); this axon expects rank {rank}.");
        }

        if (LastDimension is { } last && (inputs.Rank == 0 || inputs.Shape[^1] != last))
        {
            return (ReturnCode.RequestShapeException,
                $"The request tensor {inputs} does not end with dimension {last}, as this axon expects.");
        }

        return null;
    }
}
