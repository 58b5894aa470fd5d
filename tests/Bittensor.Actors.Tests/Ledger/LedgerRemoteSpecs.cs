using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Bittensor.Ledger;
using Bittensor.Ledger.Wire;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// A <see cref="LedgerActor"/> in one ActorSystem used from another over real Akka.Remote on loopback, as validators
/// on one node use the ledger on another: every request and reply crosses the wire through the shipped
/// serializer bindings, commands are answered, and a subscriber on the far side receives blocks and metagraphs.
/// </summary>
public sealed class LedgerRemoteSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly ActorSystem _host;

    public LedgerRemoteSpecs() : base(RemoteLoopback.Config(), "validator-node") =>
        _host = ActorSystem.Create("ledger-node", RemoteLoopback.Config());

    protected override void Dispose(bool disposing)
    {
        if (disposing) _host.Terminate().Wait(Timeout);
        base.Dispose(disposing);
    }

    [Fact]
    public async Task A_ledger_on_another_node_should_answer_commands_and_publish_blocks_and_metagraphs_over_the_wire()
    {
        // Both nodes write and read the family with the ledger's own serializer, never Akka's default one.
        foreach (var system in new[] { _host, Sys })
            Assert.IsType<LedgerWireSerializer>(system.Serialization.FindSerializerForType(typeof(CommandResult)));
        _host.ActorOf(LedgerActor.Props(snapshotEveryBlocks: 0), "ledger");
        var hostAddress = ((ExtendedActorSystem)_host).Provider.DefaultAddress;
        Assert.NotEqual(((ExtendedActorSystem)Sys).Provider.DefaultAddress, hostAddress);
        var ledger = await Sys.ActorSelection(new RootActorPath(hostAddress) / "user" / "ledger").ResolveOne(Timeout);

        var validator = CreateTestProbe();
        var subscriber = CreateTestProbe();
        // Requests go with the validator as sender: Akka keeps the order of one sender's messages to one receiver.
        ledger.Tell(new Subscribe(subscriber.Ref), validator.Ref);
        Assert.Equal(0UL, subscriber.ExpectMsg<BlockProduced>(Timeout).Block); // the ledger confirms with the current block

        // The same commands on a local model give the hashes the remote ledger must report.
        var model = new LedgerState();
        ILedgerCommand[] setup =
        [
            new Endow("owner-cold", model.Settings.SubnetLockRao),
            new CreateSubnet("owner-cold"),
            new Endow("miner-cold", 1_000_000_000_000),
            new BurnedRegister(1, "miner-cold", "miner-hot"),
        ];
        foreach (var command in setup)
        {
            var expected = model.Apply(command);
            ledger.Tell(new SubmitCommand(command), validator.Ref);
            var result = validator.ExpectMsg<CommandResult>(Timeout);
            Assert.True(result.Outcome.Accepted, $"{command} was refused: {result.Outcome.Error}");
            Assert.Equal(expected.Uid, result.Outcome.Uid);
            Assert.Equal(model.StateHash(), result.StateHash);
        }

        // A refusal crosses with its code and message.
        ledger.Tell(new SubmitCommand(new BurnedRegister(9, "miner-cold", "other-hot")), validator.Ref);
        var refused = validator.ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(LedgerErrorCode.SubnetNotExists, refused.Outcome.Error?.Code);
        Assert.Equal(model.Apply(new BurnedRegister(9, "miner-cold", "other-hot")).Error!.Message, refused.Outcome.Error!.Message);
        Assert.Equal(model.StateHash(), refused.StateHash);

        Assert.True(model.Apply(AdvanceBlock.Instance).Accepted);
        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance), validator.Ref);
        var advanced = validator.ExpectMsg<CommandResult>(Timeout);
        Assert.Equal((1UL, model.StateHash()), (advanced.Block, advanced.StateHash));
        Assert.Equal(new BlockProduced(1, model.StateHash()), subscriber.ExpectMsg<BlockProduced>(Timeout));
        var published = subscriber.ExpectMsg<MetagraphPublished>(Timeout).Metagraph;
        Assert.Equal(((ushort)1, 1UL), (published.NetUid, published.Block));
        Assert.Equal(model.Metagraph(1)!.Neurons, published.Neurons);

        ledger.Tell(new GetMetagraph(1, WithWeightsAndBonds: true), validator.Ref);
        var metagraph = validator.ExpectMsg<MetagraphResult>(Timeout).Metagraph!;
        Assert.Equal(model.Metagraph(1)!.Neurons, metagraph.Neurons);
        Assert.Equal(metagraph.N, metagraph.Weights!.Count);
        Assert.Equal(metagraph.N, metagraph.Bonds!.Count);

        // Unsubscribed, the subscriber gets no block: the next thing it hears from the ledger is the reply to a query
        // sent after the block (one sender, one receiver: Akka keeps their order).
        ledger.Tell(new Unsubscribe(subscriber.Ref), validator.Ref);
        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance), validator.Ref);
        Assert.Equal(2UL, validator.ExpectMsg<CommandResult>(Timeout).Block);
        ledger.Tell(GetStateHash.Instance, subscriber.Ref);
        Assert.Equal(2UL, subscriber.ExpectMsg<StateHashResult>(Timeout).Block);

        ledger.Tell(GetPersistenceStatus.Instance, validator.Ref);
        var status = validator.ExpectMsg<PersistenceStatus>(Timeout);
        Assert.Equal((null, 0L, 0L), (status.RecoveredFromSnapshotBlock, status.EventsReplayed, status.SnapshotsSaved));
    }
}
