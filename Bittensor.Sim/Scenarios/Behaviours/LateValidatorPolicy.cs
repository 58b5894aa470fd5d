using Bittensor.Neurons;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Sim.Scenarios.Behaviours;

/// <summary>
/// A validator one epoch late: it evaluates honestly, but the row it sets is the honest row it computed at least
/// <see cref="DelayBlocks"/> earlier, as a validator whose weights reach the chain a tempo after it chose them. It
/// sets nothing until it has a row that old. Stateful: one instance per validator.
/// </summary>
public sealed class LateValidatorPolicy : IValidatorPolicy
{
    // Rows computed and not yet old enough, oldest first; the actor asks once a step until a row is set, so this
    // holds at most about one epoch of rows.
    private readonly Queue<(ulong Block, WeightsRow Row)> computed = new();

    /// <summary>A validator whose rows are <paramref name="delayBlocks"/> old (a tempo: one epoch late).</summary>
    public LateValidatorPolicy(ulong delayBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(delayBlocks);
        DelayBlocks = delayBlocks;
    }

    /// <summary>How old a row is when it is set.</summary>
    public ulong DelayBlocks { get; }

    /// <inheritdoc/>
    public bool Evaluates => true;

    /// <inheritdoc/>
    public bool IsOnline(ulong block) => true;

    /// <inheritdoc/>
    public WeightsRow? ChooseWeights(WeightsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var block = context.Metagraph.Block;
        if (HonestValidatorPolicy.Instance.ChooseWeights(context) is { } fresh)
        {
            computed.Enqueue((block, fresh));
        }

        WeightsRow? due = null;
        while (computed.TryPeek(out var oldest) && oldest.Block + DelayBlocks <= block)
        {
            due = computed.Dequeue().Row;
        }

        return due;
    }
}
