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
/// </summary>
internal sealed class LedgerHost : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private readonly IActorRef _ledger;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;

    // A block is asked for only once the previous one is persisted: a slow store makes blocks late, never queued.
    private bool _blockInFlight;

    public LedgerHost(TimeSpan blockTime, Props ledgerProps)
    {
        _ledger = Context.ActorOf(ledgerProps, "ledger");
        Context.Watch(_ledger);

        Receive<Tick>(_ =>
        {
            if (_blockInFlight) return;
            _blockInFlight = true;
            _ledger.Tell(new SubmitCommand(AdvanceBlock.Instance), Self);
        });
        Receive<CommandResult>(result =>
        {
            _blockInFlight = false;
            if (result.Outcome.Accepted) _log.Info("block {0} {1}", result.Block, result.StateHash);
            else _log.Warning("block {0} refused: {1}", result.Block + 1, result.Outcome.Error);
        });
        // Only the ledger's own notifications are published: the same types sent from elsewhere are forwarded.
        Receive<BlockProduced>(_ => Sender.Equals(_ledger), block => _mediator.Tell(new Publish(LedgerTopics.Blocks, block)));
        Receive<MetagraphPublished>(_ => Sender.Equals(_ledger), metagraph => _mediator.Tell(new Publish(LedgerTopics.Metagraphs, metagraph)));
        Receive<Terminated>(t => t.ActorRef.Equals(_ledger), _ =>
        {
            // The ledger stops itself when a write fails. Rather than tick into nothing, stop too: the manager does
            // not restart a stopped singleton, so the ledger stays down (and logged) until the singleton moves.
            _log.Error("The ledger stopped; the ledger host stops with it.");
            Context.Stop(Self);
        });
        ReceiveAny(message => _ledger.Forward(message));
        _blockTime = blockTime;
    }

    private readonly TimeSpan _blockTime;

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
