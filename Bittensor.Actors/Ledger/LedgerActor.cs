using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Bittensor.Ledger;

/// <summary>
/// The chain as an event-sourced actor: a thin shell around a <see cref="LedgerState"/> whose events are the
/// accepted <see cref="ILedgerCommand"/>s themselves, persisted with Akka.Persistence (SQLite by default, see
/// hocon/persistence-sqlite.conf). Every rule lives in <see cref="LedgerState"/>; this class only orders, persists,
/// answers and publishes.
/// </summary>
/// <remarks>
/// <para><b>Protocol.</b> <see cref="SubmitCommand"/> → <see cref="CommandResult"/>. An accepted command is applied at
/// once, persisted with <c>PersistAsync</c> and answered only once its event is stored. Events are written, and
/// replies sent, in the order the commands were applied; <c>PersistAsync</c> lets the journal write the events of
/// commands that arrive meanwhile in one batch, where <c>Persist</c> would hold every message until the previous
/// write is done (one SQLite transaction per command). Queries may therefore see commands whose replies are still
/// on the way. A refused command changes nothing, is not persisted, and is answered behind the pending writes. <see cref="GetStateHash"/> → <see cref="StateHashResult"/>,
/// <see cref="GetMetagraph"/> → <see cref="MetagraphResult"/>, <see cref="GetHyperparameters"/> → <see cref="HyperparametersResult"/>,
/// <see cref="GetBalance"/> → <see cref="BalanceResult"/>; <see cref="Subscribe"/> / <see cref="Unsubscribe"/>
/// manage the actors that receive <see cref="BlockProduced"/> at once (the current block) and after each persisted <see cref="AdvanceBlock"/>, then a
/// <see cref="MetagraphPublished"/> for each subnet (the root excepted) at that block.</para>
/// <para><b>Deterministic weights order.</b> <see cref="SetWeights"/> commands received during a block are not applied
/// when they arrive: they are buffered, and when the next <see cref="AdvanceBlock"/> arrives they are applied,
/// persisted and answered first — sorted by netuid, then by the uid of the hotkey on that subnet (hotkeys without a
/// uid last, as they will be refused anyway), then by arrival order — and the block advances after them. So the
/// weights of one block are applied in (block, uid) order whatever order the validators' messages arrived in, and
/// a replay of the journal gives the same state. Until the block ends, queries see the state without the buffered
/// weights, and their senders wait for their replies. Buffered weights that were never applied were never
/// answered either: if the actor stops in between, their senders see no reply (time out), not a false one.</para>
/// <para><b>Recovery.</b> The journal is replayed through <see cref="LedgerState.Apply"/>; every event was accepted
/// when it was written, so a refusal during replay means the journal and the code disagree, and recovery fails
/// (the actor stops) rather than continuing on a different chain.</para>
/// <para><b>Snapshots.</b> After persisting an <see cref="AdvanceBlock"/> whose block is a multiple of
/// <c>snapshotEveryBlocks</c> (1000 by default, 0 = never), the actor saves a <see cref="LedgerSnapshot"/> of the state
/// at that event (<see cref="LedgerState.ToSnapshot"/>). Recovery starts from the latest snapshot
/// (<see cref="LedgerState.FromSnapshot"/>) and replays only the events after it. A failed save is logged and
/// changes nothing: the journal still holds every event. Older snapshots and events are kept.
/// <see cref="GetPersistenceStatus"/> tells how the actor recovered and what it has saved since.</para>
/// <para><b>Faucet.</b> <see cref="Endow"/> mints rao: the simulation's genesis needs it unbounded, a cluster's ledger
/// takes a <c>faucetLimitRao</c> (Bittensor localnet's pow-faucet: a development chain lends test TAO on request)
/// and refuses with <see cref="LedgerErrorCode.FaucetRefused"/> any endowment above it, or every one when it is 0.</para>
/// <para><b>Failures.</b> A failed write stops the actor (Akka's rule for persisting); a rejected write (for
/// example an event that cannot be serialized) throws, so the supervisor restarts the actor and it recovers from
/// the journal: its state never runs ahead of what is stored.</para>
/// </remarks>
public sealed class LedgerActor : ReceivePersistentActor
{
    public const string DefaultPersistenceId = "ledger";

    /// <summary>Blocks between two snapshots unless the constructor is told otherwise.</summary>
    public const int DefaultSnapshotEveryBlocks = 1000;

    private readonly LedgerSettings? _settings;
    private readonly int _snapshotEveryBlocks;
    private readonly ulong? _faucetLimitRao;
    private readonly List<PendingWeights> _pendingWeights = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private LedgerState _state;
    private long _arrivals;
    // The last block announced to subscribers (or recovered): the state may already be a block ahead while that
    // block's event is being written, and a new subscriber must not be told of it twice.
    private BlockProduced? _lastProduced;

    // What GetPersistenceStatus reports.
    private ulong? _recoveredFromSnapshotBlock;
    private long _eventsReplayed;
    private long _snapshotsSaved;
    private long _snapshotsFailed;
    private ulong? _lastSnapshotBlock;
    private readonly Dictionary<long, ulong> _savingSnapshots = []; // block of each snapshot being saved, by sequence number

    /// <param name="settings">The chain-wide constants (<see cref="LedgerSettings.Default"/> when null).</param>
    /// <param name="persistenceId">The journal's id of this ledger.</param>
    /// <param name="snapshotEveryBlocks">Blocks between two snapshots; 0 takes none.</param>
    /// <param name="faucetLimitRao">The most rao one <see cref="Endow"/> may mint (0: none is accepted); null: no limit.</param>
    public LedgerActor(LedgerSettings? settings = null, string persistenceId = DefaultPersistenceId, int snapshotEveryBlocks = DefaultSnapshotEveryBlocks,
        ulong? faucetLimitRao = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(snapshotEveryBlocks);
        PersistenceId = persistenceId;
        _settings = settings;
        _snapshotEveryBlocks = snapshotEveryBlocks;
        _faucetLimitRao = faucetLimitRao;
        _state = new LedgerState(settings);

        Recover<SnapshotOffer>(RestoreSnapshot);
        Recover<ILedgerCommand>(Replay);

        Command<SubmitCommand>(OnSubmit);
        Command<GetStateHash>(_ => Sender.Tell(new StateHashResult(_state.Block, _state.StateHash())));
        Command<GetMetagraph>(get => Sender.Tell(new MetagraphResult(_state.Metagraph(get.NetUid, get.WithWeightsAndBonds))));
        Command<GetHyperparameters>(get => Sender.Tell(_state.Subnets.TryGetValue(get.NetUid, out var subnet)
            ? new HyperparametersResult(get.NetUid, _state.Block, subnet.Owner, _state.HyperparametersOf(get.NetUid)!)
            : new HyperparametersResult(get.NetUid, _state.Block, null, [])));
        Command<GetBalance>(get => Sender.Tell(new BalanceResult(get.Coldkey, _state.Block, _state.BalanceOf(get.Coldkey), _state.StakesOf(get.Coldkey))));
        Command<Subscribe>(subscribe =>
        {
            if (_subscribers.Add(subscribe.Subscriber)) Context.Watch(subscribe.Subscriber);
            // The current block at once: the subscriber then knows it is subscribed (across nodes a Subscribe
            // may still be in flight when the next block is produced) and where the chain stands.
            subscribe.Subscriber.Tell(_lastProduced ?? new BlockProduced(_state.Block, _state.StateHash()));
        });
        Command<Unsubscribe>(unsubscribe =>
        {
            if (_subscribers.Remove(unsubscribe.Subscriber)) Context.Unwatch(unsubscribe.Subscriber);
        });
        Command<Terminated>(terminated => _subscribers.Remove(terminated.ActorRef));
        Command<GetPersistenceStatus>(_ => Sender.Tell(new PersistenceStatus(
            _recoveredFromSnapshotBlock, _eventsReplayed, _snapshotsSaved, _lastSnapshotBlock, _snapshotsFailed)));
        Command<SaveSnapshotSuccess>(success =>
        {
            _snapshotsSaved++;
            if (_savingSnapshots.Remove(success.Metadata.SequenceNr, out var block)) _lastSnapshotBlock = block;
            Log.Debug("Ledger '{0}': snapshot at event {1} saved.", PersistenceId, success.Metadata.SequenceNr);
        });
        Command<SaveSnapshotFailure>(failure =>
        {
            // The journal still holds every event, so recovery only takes longer: log and go on.
            _snapshotsFailed++;
            _savingSnapshots.Remove(failure.Metadata.SequenceNr);
            Log.Warning(failure.Cause, "Ledger '{0}': saving the snapshot at event {1} failed; recovery will replay from an earlier one.",
                PersistenceId, failure.Metadata.SequenceNr);
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(LedgerSettings? settings = null, string persistenceId = DefaultPersistenceId,
        int snapshotEveryBlocks = DefaultSnapshotEveryBlocks, ulong? faucetLimitRao = null) =>
        Akka.Actor.Props.Create(() => new LedgerActor(settings, persistenceId, snapshotEveryBlocks, faucetLimitRao));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        _lastProduced = new BlockProduced(_state.Block, _state.StateHash());
    }

    private void RestoreSnapshot(SnapshotOffer offer)
    {
        if (offer.Snapshot is not LedgerSnapshot snapshot)
            throw new InvalidOperationException(
                $"Ledger '{PersistenceId}': the snapshot store offered a {offer.Snapshot?.GetType().FullName ?? "null"}, not a {nameof(LedgerSnapshot)}.");
        _state = LedgerState.FromSnapshot(snapshot, _settings);
        _recoveredFromSnapshotBlock = _state.Block;
        _eventsReplayed = 0;
    }

    private void Replay(ILedgerCommand command)
    {
        _eventsReplayed++;
        var outcome = _state.Apply(command);
        if (!outcome.Accepted)
            throw new InvalidOperationException(
                $"Ledger '{PersistenceId}': the journal holds {command} at block {_state.Block}, which the ledger now refuses " +
                $"({outcome.Error}). The journal and the code disagree; refusing to recover a different chain.");
    }

    private void OnSubmit(SubmitCommand submit)
    {
        switch (submit.Command)
        {
            case SetWeights weights:
                _pendingWeights.Add(new PendingWeights(weights, Sender, _arrivals++));
                break;
            case AdvanceBlock:
                EndBlock(Sender);
                break;
            case null:
                Unhandled(submit);
                break;
            case Endow endow when endow.AmountRao > _faucetLimitRao:
                var refusal = LedgerOutcome.Refuse(LedgerErrorCode.FaucetRefused, _faucetLimitRao == 0
                    ? "This ledger's faucet is off: it mints no rao on request."
                    : $"The faucet gives at most {_faucetLimitRao} rao per request, not {endow.AmountRao}.");
                var result = new CommandResult(refusal, _state.Block, _state.StateHash());
                var replyTo = Sender;
                DeferAsync(result, r => replyTo.Tell(r));
                break;
            default:
                ApplyAndPersist(submit.Command, Sender);
                break;
        }
    }

    /// <summary>Applies the block's buffered weights in (netuid, uid, arrival) order, then advances the block.</summary>
    private void EndBlock(IActorRef replyTo)
    {
        if (_pendingWeights.Count > 0)
        {
            var ordered = _pendingWeights
                .OrderBy(p => p.Command.NetUid)
                .ThenBy(p => UidOrLast(p.Command.NetUid, p.Command.Hotkey))
                .ThenBy(p => p.Arrival)
                .ToList();
            _pendingWeights.Clear();
            foreach (var pending in ordered) ApplyAndPersist(pending.Command, pending.ReplyTo);
        }
        ApplyAndPersist(AdvanceBlock.Instance, replyTo);
    }

    private int UidOrLast(ushort netUid, string hotkey)
    {
        var uid = _state.Subnets.TryGetValue(netUid, out var subnet) ? subnet.UidOf(hotkey) : -1;
        return uid >= 0 ? uid : int.MaxValue;
    }

    private void ApplyAndPersist(ILedgerCommand command, IActorRef replyTo)
    {
        var outcome = _state.Apply(command);
        var result = new CommandResult(outcome, _state.Block, _state.StateHash());
        if (!outcome.Accepted)
        {
            // Deferred behind the writes already requested in this handler, so replies keep the order of application.
            DeferAsync(result, r => replyTo.Tell(r));
            return;
        }
        // Taken now, while the state is the one right after this command (the handler runs after later commands of
        // the same message were applied); saved once the event is stored, so that its sequence number is the event's.
        var snapshot = command is AdvanceBlock && _snapshotEveryBlocks > 0 && _state.Block % (ulong)_snapshotEveryBlocks == 0
            ? _state.ToSnapshot()
            : null;
        // Likewise the metagraph of every subnet at this block, for the subscribers.
        var metagraphs = command is AdvanceBlock && _subscribers.Count > 0
            ? _state.Subnets.Keys.Where(netUid => netUid != LedgerState.RootNetUid).Select(netUid => _state.Metagraph(netUid)!).ToList()
            : [];
        PersistAsync(command, _ =>
        {
            replyTo.Tell(result);
            if (snapshot is not null)
            {
                _savingSnapshots[SnapshotSequenceNr] = snapshot.Block;
                SaveSnapshot(snapshot);
            }
            if (command is AdvanceBlock)
            {
                var produced = new BlockProduced(result.Block, result.StateHash);
                _lastProduced = produced;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Tell(produced);
                    foreach (var metagraph in metagraphs) subscriber.Tell(new MetagraphPublished(metagraph));
                }
            }
        });
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        // The state already holds the event: restart and recover from the journal rather than run ahead of it.
        throw new InvalidOperationException($"Ledger '{PersistenceId}': event {sequenceNr} ({@event}) was rejected by the journal.", cause);
    }

    private sealed record PendingWeights(SetWeights Command, IActorRef ReplyTo, long Arrival);
}
