using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Bittensor.Ledger;

namespace Bittensor.Runtime.Node;

/// <summary>
/// The cluster singleton's actor: it owns the <see cref="LedgerActor"/> and the block clock, so the clock moves
/// with the ledger when the singleton moves to another node and never ticks a ledger on a node that lost it.
/// Every other message is forwarded to the ledger, the sender kept, so the singleton proxy's users talk to it
/// as to the ledger itself. The ledger's blocks and metagraphs are published on <see cref="LedgerTopics"/>.
/// It logs <c>ledger at block N HASH</c> once the ledger has recovered, then <c>block N HASH</c> per persisted block.
/// Its termination message is <see cref="Stop"/>: the block in flight is persisted (and logged) before it stops.
/// </summary>
internal sealed class LedgerHost : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    /// <summary>
    /// The singleton's termination message (a graceful leave hands the singleton over after it): produce no more
    /// blocks, let the one in flight be persisted, stop the ledger after the messages already forwarded to it, then stop.
    /// </summary>
    public sealed record Stop
    {
        public static Stop Instance { get; } = new();
    }

    private readonly IActorRef _ledger;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;

    // A block is asked for only once the previous one is persisted: a slow store makes blocks late, never queued.
    private bool _blockInFlight;
    private bool _recovered;
    private bool _stopping;

    public LedgerHost(TimeSpan blockTime, Props ledgerProps)
    {
        _ledger = Context.ActorOf(ledgerProps, "ledger");
        Context.Watch(_ledger);

        Receive<Tick>(_ =>
        {
            if (_blockInFlight || _stopping) return;
            _blockInFlight = true;
            _ledger.Tell(new SubmitCommand(AdvanceBlock.Instance), Self);
        });
        Receive<CommandResult>(result =>
        {
            _blockInFlight = false;
            if (result.Outcome.Accepted) _log.Info("block {0} {1}", result.Block, result.StateHash);
            else _log.Warning("block {0} refused: {1}", result.Block + 1, result.Outcome.Error);
            if (_stopping) StopLedger();
        });
        Receive<Stop>(_ =>
        {
            if (_stopping) return;
            _stopping = true;
            Timers.CancelAll();
            if (!_blockInFlight) StopLedger();
        });
        // Only the ledger's own notifications are published: the same types sent from elsewhere are forwarded.
        Receive<BlockProduced>(_ => Sender.Equals(_ledger), block =>
        {
            // The first is the subscription's confirmation: the block the ledger recovered to.
            if (!_recovered) _log.Info("ledger at block {0} {1}", block.Block, block.StateHash);
            _recovered = true;
            _mediator.Tell(new Publish(LedgerTopics.Blocks, block));
        });
        Receive<MetagraphPublished>(_ => Sender.Equals(_ledger), metagraph => _mediator.Tell(new Publish(LedgerTopics.Metagraphs, metagraph)));
        Receive<Terminated>(t => t.ActorRef.Equals(_ledger), _ =>
        {
            if (_stopping)
            {
                Context.Stop(Self);
                return;
            }

            // The ledger stops itself when a write fails. Rather than tick into nothing, stop too: the manager does
            // not restart a stopped singleton, so the ledger stays down (and logged) until the singleton moves.
            _log.Error("The ledger stopped; the ledger host stops with it.");
            Context.Stop(Self);
        });
        ReceiveAny(message => _ledger.Forward(message));
        _blockTime = blockTime;
    }

    private readonly TimeSpan _blockTime;

    // PoisonPill after the ledger's queue: commands already forwarded to it are handled before it stops.
    private void StopLedger() => _ledger.Tell(PoisonPill.Instance);

    // Akka sets Timers after the constructor.
    protected override void PreStart()
    {
        _ledger.Tell(new Bittensor.Ledger.Subscribe(Self));
        Timers.StartPeriodicTimer("block", Tick.Instance, _blockTime);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan blockTime, Props ledgerProps) =>
        Akka.Actor.Props.Create(() => new LedgerHost(blockTime, ledgerProps));
}
