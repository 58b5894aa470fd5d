using System.Runtime.InteropServices;
using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Protocol;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>What a <see cref="GarbageMinerModel"/> answers.</summary>
public enum Garbage
{
    /// <summary>The right shape, every element NaN.</summary>
    NaN,

    /// <summary>Finite values in a shape with one element too few on the last axis.</summary>
    WrongShape,
}

/// <summary>
/// A lazy miner that answers garbage the validator cannot score at all (NaN, or the wrong shape): every answer is a
/// failed answer, the validator's <see cref="Bittensor.Neurons.Scoring.ResponseCheck"/> says so, and its score decays.
/// </summary>
public sealed class GarbageMinerModel : IMinerModel
{
    private readonly TeacherTask task;

    /// <summary>A miner answering <paramref name="kind"/> to <paramref name="task"/>'s inputs.</summary>
    public GarbageMinerModel(TeacherTask task, Garbage kind)
    {
        ArgumentNullException.ThrowIfNull(task);
        this.task = task;
        Kind = kind;
    }

    /// <summary>The kind of garbage it answers.</summary>
    public Garbage Kind { get; }

    /// <inheritdoc/>
    public bool AcceptsGradients => false;

    /// <inheritdoc/>
    public TensorPayload Forward(Address caller, TensorPayload inputs, CancellationToken cancellationToken)
    {
        var shape = task.OutputShape(inputs);
        if (Kind == Garbage.WrongShape)
        {
            shape[^1] = Math.Max(1, shape[^1] - 1);
        }

        var outputs = new float[shape.Aggregate(1L, (a, b) => a * b)];
        Array.Fill(outputs, Kind == Garbage.NaN ? float.NaN : 0.5f);
        return TensorPayload.Create(TensorDType.Float32, shape, MemoryMarshal.AsBytes(outputs.AsSpan()));
    }

    /// <inheritdoc/>
    public void Backward(Address caller, TensorPayload inputs, TensorPayload gradients, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A lazy miner does not learn.");
}
