using Akka.Actor;

namespace Bittensor.Ledger;

/// <summary>
/// Asks the <see cref="LedgerActor"/> to apply a command. The reply is a <see cref="CommandResult"/>, sent once
/// the command's event is persisted (at once for a refused command, which is not persisted). <see cref="SetWeights"/>
/// is answered when the block it was sent in ends (see <see cref="LedgerActor"/>).
/// </summary>
public sealed record SubmitCommand(ILedgerCommand Command) : ILedgerMessage;

/// <summary>
/// The outcome of a <see cref="SubmitCommand"/>, with the block and state hash right after the command was applied
/// (the unchanged state when it was refused).
/// </summary>
public sealed record CommandResult(LedgerOutcome Outcome, ulong Block, string StateHash) : ILedgerMessage;

/// <summary>Asks for the ledger's current block and state hash; the reply is a <see cref="StateHashResult"/>.</summary>
public sealed record GetStateHash : ILedgerMessage
{
    public static GetStateHash Instance { get; } = new();
}

/// <summary>The ledger's current block and <see cref="LedgerState.StateHash"/>.</summary>
public sealed record StateHashResult(ulong Block, string StateHash) : ILedgerMessage;

/// <summary>Asks for a subnet's metagraph; the reply is a <see cref="MetagraphResult"/>.</summary>
public sealed record GetMetagraph(ushort NetUid, bool WithWeightsAndBonds = false) : ILedgerMessage;

/// <summary>The subnet's metagraph now, or null when the subnet does not exist.</summary>
public sealed record MetagraphResult(Metagraph? Metagraph) : ILedgerMessage;

/// <summary>
/// Adds a subscriber to <see cref="BlockProduced"/> notifications (until it stops or unsubscribes); the ledger confirms
/// by sending it the current block's <see cref="BlockProduced"/> at once.
/// </summary>
public sealed record Subscribe(IActorRef Subscriber) : ILedgerMessage;

/// <summary>Removes a subscriber.</summary>
public sealed record Unsubscribe(IActorRef Subscriber) : ILedgerMessage;

/// <summary>Sent to every subscriber after a block's <see cref="AdvanceBlock"/> is persisted: the new block and hash.</summary>
public sealed record BlockProduced(ulong Block, string StateHash) : ILedgerMessage;

/// <summary>
/// Sent to subscribers after <see cref="BlockProduced"/> for each subnet (the root excepted): its metagraph at that
/// block, with the terms of its last epoch (weights and bonds are left out; ask <see cref="GetMetagraph"/> for them).
/// </summary>
public sealed record MetagraphPublished(Metagraph Metagraph) : ILedgerMessage;

/// <summary>Asks how the ledger recovered and what it has snapshotted since; the reply is a <see cref="PersistenceStatus"/>.</summary>
public sealed record GetPersistenceStatus : ILedgerMessage
{
    public static GetPersistenceStatus Instance { get; } = new();
}

/// <summary>
/// How the <see cref="LedgerActor"/> recovered (<see cref="RecoveredFromSnapshotBlock"/>: the block of the snapshot it
/// started from, null when it replayed the journal from the start; <see cref="EventsReplayed"/>: the events replayed
/// after it) and the snapshots it has saved since (<see cref="SnapshotsSaved"/> confirmed by the store, the last at
/// <see cref="LastSnapshotBlock"/>; <see cref="SnapshotsFailed"/> refused by it).
/// </summary>
public sealed record PersistenceStatus(ulong? RecoveredFromSnapshotBlock, long EventsReplayed, long SnapshotsSaved, ulong? LastSnapshotBlock, long SnapshotsFailed) : ILedgerMessage;

/// <summary>Asks for every hyperparameter of a subnet; the reply is a <see cref="HyperparametersResult"/>.</summary>
public sealed record GetHyperparameters(ushort NetUid) : ILedgerMessage;

/// <summary>
/// A subnet's hyperparameters at <see cref="Block"/>: its owner coldkey and each parameter by its snake_case name
/// (the names <see cref="SetHyperparameter"/> takes, in the order of <see cref="SubnetHyperparameters.Names"/>) with
/// its value as text. <see cref="Owner"/> is null and <see cref="Values"/> empty when the subnet does not exist.
/// </summary>
public sealed record HyperparametersResult(ushort NetUid, ulong Block, string? Owner, IReadOnlyList<(string Name, string Value)> Values) : ILedgerMessage;

/// <summary>Asks for a coldkey's free balance and stakes; the reply is a <see cref="BalanceResult"/>.</summary>
public sealed record GetBalance(string Coldkey) : ILedgerMessage;

/// <summary>
/// A coldkey's free balance at <see cref="Block"/>, in rao, and its stake on each hotkey that holds some (hotkeys in
/// ordinal order); an unknown coldkey has 0 and no stakes.
/// </summary>
public sealed record BalanceResult(string Coldkey, ulong Block, ulong FreeRao, IReadOnlyList<(string Hotkey, ulong StakeRao)> Stakes) : ILedgerMessage;
