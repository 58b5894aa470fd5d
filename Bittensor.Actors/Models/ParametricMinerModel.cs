using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Bittensor.Identity;
using Bittensor.Protocol;

namespace Bittensor.Models;

/// <summary>
/// The economic simulation's miner: a latent quality plus noise, served through the very same axon as a real
/// model. It answers the teacher's targets plus Gaussian noise of standard deviation
/// <c>(1 − Quality) · NoiseScale</c>, so quality 1 is the teacher itself and quality 0 is noise as large as the
/// teacher's own outputs (tanh, mostly within ±1). The noise of a call is drawn from a hash of
/// (<see cref="Seed"/>, caller, inputs), not from a shared generator, so the answer does not depend on the order in
/// which concurrent validators' calls arrive: simulations stay reproducible however the thread pool schedules them.
/// </summary>
public sealed class ParametricMinerModel : IMinerModel
{
    private readonly TeacherTask task;

    /// <summary>Creates a miner of <paramref name="quality"/> on <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Quality outside [0, 1] or a negative or non-finite noise scale.</exception>
    public ParametricMinerModel(TeacherTask task, double quality, int seed, double noiseScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!(quality is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "A miner's quality lies in [0, 1].");
        }

        if (!double.IsFinite(noiseScale) || noiseScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(noiseScale), noiseScale, "The noise scale is a finite non-negative number.");
        }

        this.task = task;
        Quality = quality;
        Seed = seed;
        NoiseScale = noiseScale;
    }

    /// <summary>The latent quality in [0, 1] (the simulation's ground truth).</summary>
    public double Quality { get; }

    /// <summary>The seed of the miner's noise.</summary>
    public int Seed { get; }

    /// <summary>The noise at quality 0.</summary>
    public double NoiseScale { get; }

    /// <summary>The standard deviation of the noise on each output element.</summary>
    public double NoiseStd => (1 - Quality) * NoiseScale;

    /// <inheritdoc/>
    public bool AcceptsGradients => false;

    /// <inheritdoc/>
    /// <remarks>A few microseconds of arithmetic on a small batch: the thread-pool hop would cost more than the call.</remarks>
    public bool RunsInline => true;

    /// <inheritdoc/>
    public TensorPayload Forward(Address caller, TensorPayload inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var outputs = task.Targets(inputs);
        if (NoiseStd > 0)
        {
            var random = new Random(CallSeed(caller, inputs));
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] += (float)(NoiseStd * Gaussian.Next(random));
            }
        }

        return TensorPayload.Create(TensorDType.Float32, task.OutputShape(inputs), MemoryMarshal.AsBytes(outputs.AsSpan()));
    }

    /// <inheritdoc/>
    public void Backward(Address caller, TensorPayload inputs, TensorPayload gradients, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A parametric miner does not learn.");

    private int CallSeed(Address caller, TensorPayload inputs)
    {
        // One-shot for the small batches of a simulation (an incremental hash costs a native context per call).
        var length = 4 + Keypair.PublicKeyLength + inputs.Data.Length;
        var buffer = length <= 4096 ? stackalloc byte[length] : new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, Seed);
        caller.PublicKeySpan.CopyTo(buffer[4..]);
        inputs.Data.Span.CopyTo(buffer[(4 + Keypair.PublicKeyLength)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return BinaryPrimitives.ReadInt32LittleEndian(digest);
    }
}
