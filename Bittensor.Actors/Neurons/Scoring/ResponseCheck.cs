using System.Runtime.InteropServices;
using Bittensor.Protocol;

namespace Bittensor.Neurons.Scoring;

/// <summary>
/// Whether a miner's answer can be scored: success, float32, exactly the expected shape, every element finite.
/// Anything else (an error code, no tensor, NaN, Inf, a wrong dtype or shape) is a failed answer, scored as such;
/// none of it may reach the arithmetic of the scoring (a single NaN would poison the gate and every EMA).
/// </summary>
public static class ResponseCheck
{
    /// <summary>The answer's values, or null with <paramref name="failure"/> naming why it cannot be scored.</summary>
    public static float[]? Decode(ReturnCode code, TensorPayload? outputs, ReadOnlySpan<long> expectedShape, out string failure)
    {
        if (code != ReturnCode.Success)
        {
            failure = $"answered {code}";
            return null;
        }

        if (outputs is null)
        {
            failure = "answered no tensor";
            return null;
        }

        if (outputs.DType != TensorDType.Float32)
        {
            failure = $"answered {outputs.DType}, not float32";
            return null;
        }

        if (!outputs.Shape.AsSpan().SequenceEqual(expectedShape))
        {
            failure = $"answered shape [{string.Join(", ", outputs.Shape)}], not [{string.Join(", ", expectedShape.ToArray())}]";
            return null;
        }

        var values = MemoryMarshal.Cast<byte, float>(outputs.Data.Span).ToArray();
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                failure = "answered NaN or infinite values";
                return null;
            }
        }

        failure = "";
        return values;
    }
}
