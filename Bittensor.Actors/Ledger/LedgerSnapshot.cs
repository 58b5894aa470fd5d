namespace Bittensor.Ledger;

/// <summary>
/// The whole of a <see cref="LedgerState"/> as plain data, in the order its <see cref="LedgerState.StateHash"/>
/// reads it: what <see cref="LedgerState.ToSnapshot"/> takes and <see cref="LedgerState.FromSnapshot"/> restores,
/// and what the <see cref="LedgerActor"/> saves every N blocks so that recovery replays only the events after it.
/// Nothing derived is stored (a hotkey's total stake, a subnet's uid index): restoring rebuilds it.
/// </summary>
/// <remarks>Serialized by <see cref="Persistence.LedgerSnapshotSerializer"/> (manifest "ledger.snapshot").</remarks>
public sealed record LedgerSnapshot(
    ulong Block,
    ulong TotalIssuance,
    ulong TotalEmitted,
    ulong TotalBurned,
    IReadOnlyList<BalanceSnapshot> Balances,
    IReadOnlyList<HotkeySnapshot> Hotkeys,
    IReadOnlyList<SubnetSnapshot> Subnets);

/// <summary>A coldkey's free balance, in rao.</summary>
public sealed record BalanceSnapshot(string Coldkey, ulong Rao);

/// <summary>A hotkey: its owner, its delegate take and the stake each coldkey holds on it.</summary>
public sealed record HotkeySnapshot(string Hotkey, string Owner, ushort Take, IReadOnlyList<BalanceSnapshot> Stakes);

/// <summary>One hyperparameter by its snake_case name, its value as <see cref="SubnetHyperparameters.Get"/> writes it.</summary>
public sealed record HyperparameterSnapshot(string Name, string Value);

/// <summary>Every field of a <see cref="SubnetState"/>; neurons in uid order, commits by hotkey.</summary>
public sealed record SubnetSnapshot(
    ushort NetUid,
    string Owner,
    IReadOnlyList<HyperparameterSnapshot> Hyperparameters,
    ulong CreatedBlock,
    ulong LockedRao,
    ulong LastEpochBlock,
    ulong EpochsRun,
    ulong PendingEmissionRao,
    int RegistrationsThisBlock,
    int RegistrationsThisInterval,
    IReadOnlyList<NeuronSnapshot> Neurons,
    IReadOnlyList<CommitSnapshot> Commits);

/// <summary>A (uid, u16 value) pair of a neuron's weights or bonds.</summary>
public readonly record struct UidValue(ushort Uid, ushort Value);

/// <summary>Every field of a <see cref="NeuronState"/>.</summary>
public sealed record NeuronSnapshot(
    string Hotkey,
    ulong RegisteredBlock,
    ulong LastUpdate,
    string? AxonIp,
    int AxonPort,
    IReadOnlyList<UidValue> Weights,
    IReadOnlyList<UidValue> Bonds,
    bool Active,
    bool ValidatorPermit,
    ushort Consensus,
    ushort Incentive,
    ushort Dividends,
    ushort ValidatorTrust,
    ushort StakeWeight,
    ulong EmissionRao);

/// <summary>A weights commit waiting for its reveal, by the hotkey that made it.</summary>
public sealed record CommitSnapshot(string Hotkey, IReadOnlyList<byte> Hash, ulong Block, ulong Epoch);
