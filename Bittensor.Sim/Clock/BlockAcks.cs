using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Neurons;

namespace Bittensor.Sim.Clock;

/// <summary>
/// Where the block clock learns that a block is done: every validator's <see cref="ValidatorStepped"/> for it and
/// the ledger's metagraph at it. <see cref="AwaitBlock"/> is answered with <see cref="BlockDone"/> once both are in,
/// so the clock moves on only when every peer has acknowledged, never on a timer.
/// </summary>
public sealed class BlockAcks : ReceiveActor
{
    private readonly ushort netUid;
    private readonly Dictionary<ulong, int> stepped = [];
    private readonly Dictionary<ulong, Metagraph> metagraphs = [];
    private (AwaitBlock Request, IActorRef ReplyTo)? waiting;

    public BlockAcks(ushort netUid)
    {
        this.netUid = netUid;
        Receive<ValidatorStepped>(step =>
        {
            stepped[step.Block] = stepped.GetValueOrDefault(step.Block) + 1;
            TryAnswer();
        });
        Receive<MetagraphPublished>(published => published.Metagraph.NetUid == this.netUid, published =>
        {
            metagraphs[published.Metagraph.Block] = published.Metagraph;
            TryAnswer();
        });
        Receive<MetagraphPublished>(_ => { });
        Receive<BlockProduced>(_ => { });
        Receive<DescribeAcks>(_ => Sender.Tell(
            $"steps by block: {string.Join(", ", stepped.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}; "
            + $"metagraphs at blocks: {string.Join(", ", metagraphs.Keys.Order())}; waiting for: {waiting?.Request}"));
        Receive<AwaitBlock>(request =>
        {
            waiting = (request, Sender);
            TryAnswer();
        });
    }

    public static Props Props(ushort netUid) => Akka.Actor.Props.Create(() => new BlockAcks(netUid));

    private void TryAnswer()
    {
        if (waiting is not { } w
            || stepped.GetValueOrDefault(w.Request.Block) < w.Request.Validators
            || !metagraphs.Remove(w.Request.Block, out var metagraph))
        {
            return;
        }

        stepped.Remove(w.Request.Block);
        waiting = null;
        w.ReplyTo.Tell(new BlockDone(w.Request.Block, metagraph));
    }
}

/// <summary>Asks <see cref="BlockAcks"/> to answer once <paramref name="Validators"/> validators have stepped at <paramref name="Block"/>.</summary>
public sealed record AwaitBlock(ulong Block, int Validators);

/// <summary>Asks <see cref="BlockAcks"/> what it has seen, as text (for the error of a block that never completes).</summary>
public sealed record DescribeAcks;

/// <summary>Every validator has stepped at <paramref name="Block"/>; the subnet's metagraph at it.</summary>
public sealed record BlockDone(ulong Block, Metagraph Metagraph);
