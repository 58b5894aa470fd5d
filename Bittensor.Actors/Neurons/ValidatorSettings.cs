using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Neurons.Scoring;

namespace Bittensor.Neurons;

/// <summary>
/// How a <see cref="ValidatorActor"/> works (bittensor-reference.md §12.4): its hotkey and subnet, its task, how many
/// miners it queries per step and with what batch, how it learns, and every how many blocks it sets weights. The
/// chain rules its weights must obey (<see cref="MinAllowedWeights"/>, <see cref="MaxWeightLimit"/>) are the subnet's
/// hyperparameters, given here as the validator reads them.
/// </summary>
public sealed record ValidatorSettings
{
    /// <summary>Creates the settings of a validator with the defaults of core_validator v3.</summary>
    public ValidatorSettings(Keypair hotkey, ushort netUid, TeacherTask task, int seed)
    {
        ArgumentNullException.ThrowIfNull(hotkey);
        ArgumentNullException.ThrowIfNull(task);
        if (!hotkey.CanSign)
        {
            throw new ArgumentException("A validator signs its requests: it needs its hotkey's private seed.", nameof(hotkey));
        }

        Hotkey = hotkey;
        NetUid = netUid;
        Task = task;
        Seed = seed;
    }

    /// <summary>The validator's hotkey: signs requests and weights.</summary>
    public Keypair Hotkey { get; }

    /// <summary>The subnet validated.</summary>
    public ushort NetUid { get; }

    /// <summary>The task whose batches miners answer.</summary>
    public TeacherTask Task { get; }

    /// <summary>The seed of the validator's batches and query order.</summary>
    public int Seed { get; }

    /// <summary>Miners queried per step (Bittensor's <c>--nucleus.topk</c>, 20; here 16).</summary>
    public int QueriesPerStep { get; init => field = Range(value, 1, 4096, nameof(QueriesPerStep)); } = 16;

    /// <summary>Sequences per batch (the chain's <c>validator_batch_size</c>).</summary>
    public int BatchSize { get; init => field = Range(value, 1, 4096, nameof(BatchSize)); } = 2;

    /// <summary>Blocks between two weight settings (the chain's <c>validator_epoch_length</c>; Bittensor's <c>blocks_per_set_weights</c>).</summary>
    public ulong EpochLengthBlocks { get; init => field = value is >= 1 and <= 1_000_000 ? value : throw Invalid(nameof(EpochLengthBlocks), value, "[1, 1000000]"); } = 100;

    /// <summary>The EMA weight of each new contribution (core_validator v3.6: 0.1).</summary>
    public double ScoreAlpha { get; init => field = value is > 0 and <= 1 ? value : throw Invalid(nameof(ScoreAlpha), value, "(0, 1]"); } = 0.1;

    /// <summary>The step size of the default gate, the per-uid <see cref="GateVector"/> (logits per unit of loss gradient).</summary>
    public double GateLearningRate { get; init => field = value is >= 0 and <= 1e6 ? value : throw Invalid(nameof(GateLearningRate), value, "[0, 1e6]"); } = 10;

    /// <summary>
    /// Builds the validator's gate: null (the default) for a <see cref="GateVector"/> stepping by
    /// <see cref="GateLearningRate"/>, or e.g. <c>() =&gt; new TorchGatingNetwork(…)</c> for core_validator's
    /// input-conditioned gate. A factory, not an instance: each validator (and each restart of one) owns the gate it
    /// builds and disposes it when it stops, if it is <see cref="IDisposable"/>.
    /// </summary>
    public Func<IGate>? Gate { get; init; }

    /// <summary>How long a miner has to answer a query (Bittensor's <c>--dendrite.timeout</c>).</summary>
    public TimeSpan QueryTimeout { get; init => field = value > TimeSpan.Zero && value <= TimeSpan.FromHours(1) ? value : throw Invalid(nameof(QueryTimeout), value, "(0, 1 h]"); } = TimeSpan.FromSeconds(12);

    /// <summary>The subnet's <c>min_allowed_weights</c>.</summary>
    public int MinAllowedWeights { get; init => field = Range(value, 0, ushort.MaxValue, nameof(MinAllowedWeights)); } = 1;

    /// <summary>The subnet's <c>max_weight_limit</c> (u16 of 65535).</summary>
    public ushort MaxWeightLimit { get; init => field = value > 0 ? value : throw Invalid(nameof(MaxWeightLimit), value, "[1, 65535]"); } = ushort.MaxValue;

    /// <summary>How the validator behaves; honest by default.</summary>
    public IValidatorPolicy Policy { get; init => field = value ?? throw new ArgumentNullException(nameof(Policy)); } = HonestValidatorPolicy.Instance;

    /// <summary>
    /// Whether weights start as commit-reveal (a salted hash committed, the row revealed in the subnet's reveal epoch)
    /// rather than set directly. Either way the validator follows the subnet: a refusal saying it takes the other way
    /// switches the mode.
    /// </summary>
    public bool CommitReveal { get; init; }

    /// <summary>
    /// Whether the validator subscribes itself to the ledger it is given (true, the default), or is fed blocks and
    /// metagraphs by its host (false: a cluster node subscribes it to the ledger's pub-sub topics, which outlive a
    /// move of the ledger singleton, where a direct subscription would be lost with the old ledger actor).
    /// </summary>
    public bool SubscribesToLedger { get; init; } = true;

    /// <summary>The version key sent with weights.</summary>
    public ulong VersionKey { get; init; }

    private static int Range(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw Invalid(name, value, $"[{min}, {max}]");

    private static ArgumentOutOfRangeException Invalid(string name, object value, string range) =>
        new(name, value, $"{name} must lie in {range}.");
}
