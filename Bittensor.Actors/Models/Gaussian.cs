namespace Bittensor.Models;

/// <summary>
/// Standard normal draws from a seeded <see cref="Random"/> (Box–Muller), so every random tensor in the network
/// (teacher weights, parametric noise) is reproducible from its seed alone, without TorchSharp's global generator.
/// </summary>
public static class Gaussian
{
    /// <summary>One draw of N(0, 1).</summary>
    public static double Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // 1 − NextDouble() lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        return radius * Math.Cos(2.0 * Math.PI * random.NextDouble());
    }

    /// <summary><paramref name="count"/> draws of N(0, <paramref name="std"/>²).</summary>
    public static float[] Vector(Random random, int count, double std)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(std * Next(random));
        }

        return values;
    }
}
