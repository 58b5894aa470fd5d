using System.Collections.Immutable;
using Bittensor.Ledger;
using Bittensor.Neurons.Scoring;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

// A ValidatorActor is driven by the ledger: it subscribes itself and steps on every MetagraphPublished of its
// subnet. Besides those and the CommandResults of its weights, it answers these.

/// <summary>Asks a <see cref="ValidatorActor"/> for its <see cref="ValidatorStatus"/>.</summary>
public sealed record GetValidatorStatus
{
    public static GetValidatorStatus Instance { get; } = new();

    private GetValidatorStatus()
    {
    }
}

/// <summary>
/// Asks a <see cref="ValidatorActor"/> to answer with its <see cref="ValidatorStatus"/> once the ledger has confirmed
/// its subscription (at once if it has): from then on it steps at every block. A host that drives blocks itself
/// waits for this before the first block, since a Subscribe to a ledger on another node may still be in flight.
/// </summary>
public sealed record AwaitSubscribed
{
    public static AwaitSubscribed Instance { get; } = new();

    private AwaitSubscribed()
    {
    }
}

/// <summary>What a validator has done and learned so far.</summary>
/// <param name="Block">The block of the last step, 0 before the first.</param>
/// <param name="Steps">Steps completed (one per metagraph received, skipped ones aside).</param>
/// <param name="SkippedBlocks">Metagraphs replaced by a newer one before the validator was free to step on them.</param>
/// <param name="Scores">Each uid's moving average of contributions.</param>
/// <param name="Queried">Each uid's number of queries.</param>
/// <param name="Failed">Each uid's number of failed answers.</param>
/// <param name="WeightsSubmitted">Weight rows sent to the ledger.</param>
/// <param name="WeightsAccepted">Weight rows the ledger accepted.</param>
/// <param name="LastWeights">The last row sent, or null.</param>
/// <param name="LastRefusal">The ledger's last refusal of weights, or null.</param>
public sealed record ValidatorStatus(
    ulong Block, long Steps, long SkippedBlocks,
    ImmutableArray<double> Scores, ImmutableArray<long> Queried, ImmutableArray<long> Failed,
    long WeightsSubmitted, long WeightsAccepted, WeightsRow? LastWeights, LedgerError? LastRefusal);

/// <summary>
/// Sent to the validator's step listener (if any) when a step is complete: its block, the uids queried and those whose
/// answers failed, and whether weights were sent. A simulation driver waits for it before the next block.
/// </summary>
public sealed record ValidatorStepped(ulong Block, IReadOnlyList<int> Queried, IReadOnlyDictionary<int, string> Failures, WeightsRow? WeightsSent)
    : INeuronMessage;

/// <summary>Internal: the dendrite's answers to a step's queries.</summary>
internal sealed record ValidatorStepAnswered(
    ulong Block, bool Online, IReadOnlyList<int> Uids, TensorPayload Inputs, float[] Targets, long[] Shape, IReadOnlyList<DendriteResult> Results);
