using System.Runtime.InteropServices;
using Bittensor.Protocol;

namespace Bittensor.Models;

/// <summary>
/// The validators' self-contained task (no download): predict the last hidden state of a hidden teacher network on
/// token sequences drawn from a seeded generator. Inputs are token ids <c>[batch, seq]</c> (int64, as every text
/// synapse takes); the answer is <c>[batch, seq, hidden]</c> float32 (the shape of
/// <see cref="SynapseType.TextLastHiddenState"/>, with a small hidden size). The teacher is causal:
/// <c>y[b, s] = tanh(W · mean(E[x[b, 0..s]]) + c)</c>, its embedding <c>E</c>, mixing <c>W</c> and bias <c>c</c> drawn
/// from <see cref="Seed"/>. Computed in plain C# so a validator's targets cost microseconds and are identical on
/// every machine; TorchSharp miners learn to imitate it (<see cref="TorchMinerModel"/>).
/// </summary>
public sealed class TeacherTask
{
    private readonly float[] embedding; // Vocabulary × HiddenSize, row-major
    private readonly float[] mixing;    // HiddenSize × HiddenSize, row-major (output × input)
    private readonly float[] bias;      // HiddenSize

    /// <summary>Creates the teacher of <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is outside its range (named in the message).</exception>
    public TeacherTask(int seed, int vocabulary = 64, int sequenceLength = 8, int hiddenSize = 16)
    {
        Check(vocabulary, 2, 1 << 20, nameof(vocabulary));
        Check(sequenceLength, 1, 4096, nameof(sequenceLength));
        Check(hiddenSize, 1, 4096, nameof(hiddenSize));
        Seed = seed;
        Vocabulary = vocabulary;
        SequenceLength = sequenceLength;
        HiddenSize = hiddenSize;

        var random = new Random(seed);
        embedding = Gaussian.Vector(random, vocabulary * hiddenSize, 1.0);
        // A gain of 2/√hidden keeps tanh away from saturation for one token and still non-linear.
        mixing = Gaussian.Vector(random, hiddenSize * hiddenSize, 2.0 / Math.Sqrt(hiddenSize));
        bias = Gaussian.Vector(random, hiddenSize, 0.1);
    }

    /// <summary>The seed the teacher's weights are drawn from.</summary>
    public int Seed { get; }

    /// <summary>Distinct token ids: inputs lie in [0, Vocabulary).</summary>
    public int Vocabulary { get; }

    /// <summary>Tokens per sequence of <see cref="SampleInputs"/>.</summary>
    public int SequenceLength { get; }

    /// <summary>The last dimension of the answer.</summary>
    public int HiddenSize { get; }

    /// <summary>A batch of <paramref name="batchSize"/> uniform random sequences: int64 <c>[batchSize, SequenceLength]</c>.</summary>
    public TensorPayload SampleInputs(Random random, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(random);
        Check(batchSize, 1, 1 << 16, nameof(batchSize));
        var tokens = new long[batchSize * SequenceLength];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = random.Next(Vocabulary);
        }

        return TensorPayload.Create(TensorDType.Int64, [batchSize, SequenceLength], MemoryMarshal.AsBytes(tokens.AsSpan()));
    }

    /// <summary>The shape of the answer to <paramref name="inputs"/>: <c>[batch, seq, HiddenSize]</c>.</summary>
    public long[] OutputShape(TensorPayload inputs)
    {
        CheckInputs(inputs);
        return [inputs.Shape[0], inputs.Shape[1], HiddenSize];
    }

    /// <summary>The teacher's answer to <paramref name="inputs"/>, flattened row-major (<see cref="OutputShape"/>).</summary>
    /// <exception cref="ArgumentException">The inputs are not int64 <c>[batch, seq]</c> token ids below <see cref="Vocabulary"/>.</exception>
    public float[] Targets(TensorPayload inputs)
    {
        var tokens = CheckInputs(inputs);
        var (batch, length, hidden) = ((int)inputs.Shape[0], (int)inputs.Shape[1], HiddenSize);
        var targets = new float[batch * length * hidden];
        var prefix = new double[hidden];
        for (var b = 0; b < batch; b++)
        {
            Array.Clear(prefix);
            for (var s = 0; s < length; s++)
            {
                var row = (int)tokens[(b * length) + s] * hidden;
                for (var h = 0; h < hidden; h++)
                {
                    prefix[h] += embedding[row + h];
                }

                var output = targets.AsSpan(((b * length) + s) * hidden, hidden);
                for (var o = 0; o < hidden; o++)
                {
                    var sum = 0.0;
                    for (var h = 0; h < hidden; h++)
                    {
                        sum += mixing[(o * hidden) + h] * prefix[h];
                    }

                    output[o] = (float)Math.Tanh((sum / (s + 1)) + bias[o]);
                }
            }
        }

        return targets;
    }

    /// <summary>The answer to <paramref name="inputs"/> as the payload a perfect miner returns.</summary>
    public TensorPayload TargetPayload(TensorPayload inputs) =>
        TensorPayload.Create(TensorDType.Float32, OutputShape(inputs), MemoryMarshal.AsBytes(Targets(inputs).AsSpan()));

    private ReadOnlySpan<long> CheckInputs(TensorPayload inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType != TensorDType.Int64 || inputs.Rank != 2 || inputs.ElementCount == 0)
        {
            throw new ArgumentException($"The teacher task takes int64 token ids [batch, seq]; got {inputs}.", nameof(inputs));
        }

        var tokens = MemoryMarshal.Cast<byte, long>(inputs.Data.Span);
        foreach (var token in tokens)
        {
            if ((ulong)token >= (ulong)Vocabulary)
            {
                throw new ArgumentException($"Token id {token} is outside the vocabulary [0, {Vocabulary}).", nameof(inputs));
            }
        }

        return tokens;
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [{min}, {max}].");
        }
    }
}
