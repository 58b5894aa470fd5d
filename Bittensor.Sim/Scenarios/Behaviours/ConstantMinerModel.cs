using System.Runtime.InteropServices;
using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Protocol;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>
/// A lazy miner that runs no model: every answer is the right shape, every element the same constant. Well formed,
/// so it is scored, and worth nothing: it knows nothing of the inputs.
/// </summary>
public sealed class ConstantMinerModel : IMinerModel
{
    private readonly TeacherTask task;

    /// <summary>A miner answering <paramref name="value"/> everywhere in the shape of <paramref name="task"/>'s outputs.</summary>
    public ConstantMinerModel(TeacherTask task, float value)
    {
        ArgumentNullException.ThrowIfNull(task);
        this.task = task;
        Value = value;
    }

    /// <summary>The value of every element of every answer.</summary>
    public float Value { get; }

    /// <inheritdoc/>
    public bool AcceptsGradients => false;

    /// <inheritdoc/>
    public TensorPayload Forward(Address caller, TensorPayload inputs, CancellationToken cancellationToken)
    {
        var shape = task.OutputShape(inputs);
        var outputs = new float[shape.Aggregate(1L, (a, b) => a * b)];
        Array.Fill(outputs, Value);
        return TensorPayload.Create(TensorDType.Float32, shape, MemoryMarshal.AsBytes(outputs.AsSpan()));
    }

    /// <inheritdoc/>
    public void Backward(Address caller, TensorPayload inputs, TensorPayload gradients, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A lazy miner does not learn.");
}
