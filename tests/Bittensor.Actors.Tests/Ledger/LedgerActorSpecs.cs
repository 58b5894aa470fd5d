using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Microsoft.Data.Sqlite;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// Specs that write a real SQLite database run one at a time (each has its own file, but the SQLite journal
/// plugins and their connection pools are process-wide, and the timings are easier to trust alone).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LedgerPersistenceCollection
{
    public const string Name = "Ledger persistence";
}

/// <summary>
/// <see cref="LedgerActor"/> against a real SQLite database file in a fresh temporary folder per test: replies come
/// after the event is persisted and carry the new hash, refusals change nothing, a block's weights are applied in
/// uid order whatever order they arrived in, and a restarted actor system recovers the same state from the file.
/// </summary>
[Collection(LedgerPersistenceCollection.Name)]
public sealed class LedgerActorSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TempDatabase _database;

    public LedgerActorSpecs() : this(new TempDatabase())
    {
    }

    private LedgerActorSpecs(TempDatabase database) : base(LedgerPersistenceConfig.Sqlite(database.Path), "ledger-specs") =>
        _database = database;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database.Dispose();
    }

    [Fact]
    public void An_accepted_command_should_be_answered_after_it_is_persisted_with_the_new_state_hash()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var model = new LedgerState();

        ledger.Tell(new SubmitCommand(new Endow("alice", 1_000)));
        var result = ExpectMsg<CommandResult>(Timeout);

        Assert.True(model.Apply(new Endow("alice", 1_000)).Accepted);
        Assert.True(result.Outcome.Accepted);
        Assert.Equal(model.StateHash(), result.StateHash);
        Assert.Equal(0UL, result.Block);
        Assert.Equal(1, CountJournalRows(_database.Path)); // the reply came after the row was written
        Assert.Equal((LedgerMessageSerializer.Id, LedgerMessageSerializer.EndowManifest), JournalSerialization(_database.Path).Single());

        ledger.Tell(GetStateHash.Instance);
        Assert.Equal(new StateHashResult(0, model.StateHash()), ExpectMsg<StateHashResult>(Timeout));
    }

    [Fact]
    public void Subscribers_should_receive_each_block_and_the_metagraph_of_every_subnet_at_it()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subscriber = CreateTestProbe();
        ledger.Tell(new Subscribe(subscriber.Ref));
        Assert.Equal(0UL, subscriber.ExpectMsg<BlockProduced>(Timeout).Block); // the confirmation: the current block
        ILedgerCommand[] setup =
        [
            new Endow("owner", 200_000_000_000), new CreateSubnet("owner"),
            new SetHyperparameter(1, "owner", "tempo", "2"), new SetHyperparameter(1, "owner", "burn", "1000"),
            new BurnedRegister(1, "owner", "miner-hot"),
        ];
        foreach (var command in setup)
        {
            ledger.Tell(new SubmitCommand(command));
            Assert.True(ExpectMsg<CommandResult>(Timeout).Outcome.Accepted, $"{command} was refused");
        }

        // Block 1: no epoch yet; block 2 runs subnet 1's epoch (tempo 2), the first to mark the uid active.
        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance));
        ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(1UL, subscriber.ExpectMsg<BlockProduced>(Timeout).Block);
        var beforeEpoch = subscriber.ExpectMsg<MetagraphPublished>(Timeout).Metagraph;
        Assert.Equal(((ushort)1, 1UL), (beforeEpoch.NetUid, beforeEpoch.Block));
        Assert.False(Assert.Single(beforeEpoch.Neurons).Active);

        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance));
        ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(2UL, subscriber.ExpectMsg<BlockProduced>(Timeout).Block);
        var afterEpoch = subscriber.ExpectMsg<MetagraphPublished>(Timeout).Metagraph;
        Assert.Equal(((ushort)1, 2UL), (afterEpoch.NetUid, afterEpoch.Block));
        var miner = Assert.Single(afterEpoch.Neurons);
        Assert.Equal("miner-hot", miner.Hotkey);
        Assert.True(miner.Active, "the epoch of block 2 should have computed the uid's activity");
        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_subscriber_arriving_while_a_block_is_being_written_should_be_told_of_that_block_once()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props());
        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance));
        ExpectMsg<CommandResult>(Timeout);
        var subscriber = CreateTestProbe();

        // Almost always both are in the mailbox before the journal answers: the state is at block 2 when the
        // Subscribe is handled, but block 2 is announced only once stored, so the confirmation is block 1 and block 2
        // follows. Should the write win the race, the confirmation is block 2 and nothing follows; never a repeat.
        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance));
        ledger.Tell(new Subscribe(subscriber.Ref));

        var confirmed = subscriber.ExpectMsg<BlockProduced>(Timeout).Block;
        if (confirmed == 1) Assert.Equal(2UL, subscriber.ExpectMsg<BlockProduced>(Timeout).Block);
        else Assert.Equal(2UL, confirmed);
        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Hyperparameters_and_balance_queries_should_answer_from_the_current_state()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var model = new LedgerState();
        foreach (var command in new ILedgerCommand[]
        {
            new Endow("alice", 5_000 * LedgerFixture.Tao),
            new CreateSubnet("alice"),
            new SetHyperparameter(1, "alice", "tempo", "77"),
            new BurnedRegister(1, "alice", "hot-b"),
            AdvanceBlock.Instance, // one registration per block
            new BurnedRegister(1, "alice", "hot-a"),
            AdvanceBlock.Instance,
            new AddStake("alice", "hot-b", 3),
            new AddStake("alice", "hot-a", 2),
        })
        {
            ledger.Tell(new SubmitCommand(command));
            Assert.True(ExpectMsg<CommandResult>(Timeout).Outcome.Accepted, command.ToString());
            Assert.True(model.Apply(command).Accepted);
        }

        ledger.Tell(new GetHyperparameters(1));
        var hyperparameters = ExpectMsg<HyperparametersResult>(Timeout);
        Assert.Equal("alice", hyperparameters.Owner);
        Assert.Equal(SubnetHyperparameters.Names, hyperparameters.Values.Select(v => v.Name));
        Assert.Contains(("tempo", "77"), hyperparameters.Values);
        ledger.Tell(new GetHyperparameters(9));
        var missing = ExpectMsg<HyperparametersResult>(Timeout);
        Assert.Null(missing.Owner);
        Assert.Empty(missing.Values);

        ledger.Tell(new GetBalance("alice"));
        var balance = ExpectMsg<BalanceResult>(Timeout);
        Assert.Equal(2UL, balance.Block);
        Assert.Equal(model.BalanceOf("alice"), balance.FreeRao);
        Assert.Equal([("hot-a", 2UL), ("hot-b", 3UL)], balance.Stakes); // ordinal order, not registration order
        ledger.Tell(new GetBalance("nobody"));
        var nobody = ExpectMsg<BalanceResult>(Timeout);
        Assert.Equal((0UL, 0), (nobody.FreeRao, nobody.Stakes.Count));
    }

    [Fact]
    public void A_faucet_limit_should_refuse_larger_endowments_and_a_zero_limit_every_one()
    {
        var limited = Sys.ActorOf(LedgerActor.Props(faucetLimitRao: 1_000));
        limited.Tell(new SubmitCommand(new Endow("alice", 1_000)));
        Assert.True(ExpectMsg<CommandResult>(Timeout).Outcome.Accepted);
        limited.Tell(new SubmitCommand(new Endow("alice", 1_001)));
        var refused = ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(LedgerErrorCode.FaucetRefused, refused.Outcome.Error?.Code);
        Assert.Contains("at most 1000 rao", refused.Outcome.Error!.Message, StringComparison.Ordinal);

        var closed = Sys.ActorOf(LedgerActor.Props(persistenceId: "closed", faucetLimitRao: 0));
        closed.Tell(new SubmitCommand(new Endow("alice", 1)));
        Assert.Equal(LedgerErrorCode.FaucetRefused, ExpectMsg<CommandResult>(Timeout).Outcome.Error?.Code);
        Assert.Equal(1, CountJournalRows(_database.Path)); // only the first endowment was persisted
    }

    [Fact]
    public void A_refused_command_should_be_answered_with_its_error_and_change_nothing()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props());
        ledger.Tell(new SubmitCommand(new Endow("alice", 1_000)));
        var before = ExpectMsg<CommandResult>(Timeout);

        ledger.Tell(new SubmitCommand(new Transfer("alice", "bob", 5_000)));
        var refused = ExpectMsg<CommandResult>(Timeout);

        Assert.False(refused.Outcome.Accepted);
        Assert.Equal(LedgerErrorCode.NotEnoughBalance, refused.Outcome.Error!.Code);
        Assert.Equal(before.StateHash, refused.StateHash);
        ledger.Tell(GetStateHash.Instance);
        Assert.Equal(before.StateHash, ExpectMsg<StateHashResult>(Timeout).StateHash);
        Assert.Equal(1, CountJournalRows(_database.Path)); // only the endowment was persisted
    }

    [Fact]
    public void Weights_set_within_a_block_should_be_applied_in_uid_order_when_the_block_ends()
    {
        var scenario = LedgerScenario.Build(validators: 4, miners: 2);
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subscriber = CreateTestProbe();
        ledger.Tell(new Subscribe(subscriber.Ref));
        SubmitAll(ledger, scenario.Genesis);
        var model = scenario.Model;
        // Genesis blocks are announced, with the metagraphs of the epochs they ran; skip to the last one.
        subscriber.FishForMessage(m => m is BlockProduced produced && produced.Block == model.Block, Timeout);
        var hashBeforeWeights = model.StateHash();

        // Arrivals in reverse uid order, and a hotkey with no uid first (it must come last and be refused).
        var weights = Enumerable.Range(0, scenario.Validators.Count)
            .Select(v => new SetWeights(LedgerScenario.NetUid, scenario.Validators[v], scenario.MinerUids, [(ushort)(65535 - 1000 * v), (ushort)(1000 + 7000 * v)], 0))
            .ToList();
        var stranger = new SetWeights(LedgerScenario.NetUid, "stranger-hot", scenario.MinerUids, [1, 1], 0);
        ledger.Tell(new SubmitCommand(stranger));
        foreach (var command in Enumerable.Reverse(weights)) ledger.Tell(new SubmitCommand(command));

        // Nothing answered yet: the query sent after them is answered first, and sees none of them.
        ledger.Tell(GetStateHash.Instance);
        Assert.Equal(hashBeforeWeights, ExpectMsg<StateHashResult>(Timeout).StateHash);

        ledger.Tell(new SubmitCommand(AdvanceBlock.Instance));

        // Replies in uid order, each with the hash of the model after applying the weights sorted by uid.
        foreach (var command in weights)
        {
            Assert.True(model.Apply(command).Accepted);
            var reply = ExpectMsg<CommandResult>(Timeout);
            Assert.True(reply.Outcome.Accepted, reply.Outcome.Error?.ToString());
            Assert.Equal(model.StateHash(), reply.StateHash);
        }
        var strangerReply = ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(LedgerErrorCode.HotKeyNotRegisteredInSubNet, strangerReply.Outcome.Error?.Code);
        Assert.Equal(model.StateHash(), strangerReply.StateHash);

        Assert.True(model.Apply(AdvanceBlock.Instance).Accepted);
        var block = ExpectMsg<CommandResult>(Timeout);
        Assert.Equal(model.Block, block.Block);
        Assert.Equal(model.StateHash(), block.StateHash);
        Assert.Equal(new BlockProduced(model.Block, model.StateHash()),
            subscriber.FishForMessage<BlockProduced>(m => m is BlockProduced, Timeout));

        // The order mattered: applying the same weights in arrival order gives other intermediate states.
        var arrivalOrder = LedgerScenario.Build(validators: 4, miners: 2).Model;
        Assert.True(arrivalOrder.Apply(weights[^1]).Accepted);
        var sortedFirst = LedgerScenario.Build(validators: 4, miners: 2).Model;
        Assert.True(sortedFirst.Apply(weights[0]).Accepted);
        Assert.NotEqual(sortedFirst.StateHash(), arrivalOrder.StateHash());

        ledger.Tell(new GetMetagraph(LedgerScenario.NetUid, WithWeightsAndBonds: true));
        var metagraph = ExpectMsg<MetagraphResult>(Timeout).Metagraph;
        Assert.NotNull(metagraph);
        Assert.Equal(scenario.Validators.Count + scenario.MinerUids.Length, metagraph.N);
    }

    [Fact]
    public async Task A_restarted_actor_system_should_recover_the_same_state_from_the_database_and_keep_accepting_commands()
    {
        var config = LedgerPersistenceConfig.Sqlite(_database.Path);
        var scenario = LedgerScenario.Build(validators: 2, miners: 2);

        string hashBeforeShutdown;
        var first = ActorSystem.Create("ledger-first", config);
        try
        {
            var ledger = first.ActorOf(LedgerActor.Props(), "ledger");
            foreach (var command in scenario.Genesis)
            {
                var result = await ledger.Ask<CommandResult>(new SubmitCommand(command), Timeout);
                Assert.True(result.Outcome.Accepted, $"{command}: {result.Outcome.Error}");
            }
            hashBeforeShutdown = (await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout)).StateHash;
            Assert.Equal(scenario.Model.StateHash(), hashBeforeShutdown);
        }
        finally
        {
            await first.Terminate().WaitAsync(Timeout);
        }

        var second = ActorSystem.Create("ledger-second", config);
        try
        {
            var ledger = second.ActorOf(LedgerActor.Props(), "ledger");
            var recovered = await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout);
            Assert.Equal(hashBeforeShutdown, recovered.StateHash);
            Assert.Equal(scenario.Model.Block, recovered.Block);

            var endow = await ledger.Ask<CommandResult>(new SubmitCommand(new Endow("late-cold", 42)), Timeout);
            var block = await ledger.Ask<CommandResult>(new SubmitCommand(AdvanceBlock.Instance), Timeout);
            Assert.True(scenario.Model.Apply(new Endow("late-cold", 42)).Accepted);
            Assert.Equal(scenario.Model.StateHash(), endow.StateHash);
            Assert.True(scenario.Model.Apply(AdvanceBlock.Instance).Accepted);
            Assert.Equal(scenario.Model.StateHash(), block.StateHash);
        }
        finally
        {
            await second.Terminate().WaitAsync(Timeout);
        }
    }

    [Fact]
    public void Recovery_should_fail_when_the_journal_holds_an_event_the_ledger_now_refuses()
    {
        var ledger = Sys.ActorOf(LedgerActor.Props(persistenceId: "ledger-disagree"));
        ledger.Tell(new SubmitCommand(new Endow("owner", LedgerSettings.Default.SubnetLockRao)));
        ExpectMsg<CommandResult>(Timeout);
        ledger.Tell(new SubmitCommand(new CreateSubnet("owner")));
        Assert.True(ExpectMsg<CommandResult>(Timeout).Outcome.Accepted);
        Watch(ledger);
        Sys.Stop(ledger);
        ExpectTerminated(ledger, Timeout);

        // Other code (a dearer subnet lock): the journalled CreateSubnet is now refused, so recovery must not go on.
        var stricter = LedgerSettings.Default with { SubnetLockRao = LedgerSettings.Default.SubnetLockRao * 2 };
        var recovered = Sys.ActorOf(LedgerActor.Props(stricter, "ledger-disagree"));
        Watch(recovered);
        ExpectTerminated(recovered, Timeout);
    }

    private void SubmitAll(IActorRef ledger, IEnumerable<ILedgerCommand> commands)
    {
        foreach (var command in commands)
        {
            ledger.Tell(new SubmitCommand(command));
            var result = ExpectMsg<CommandResult>(Timeout);
            Assert.True(result.Outcome.Accepted, $"{command}: {result.Outcome.Error}");
        }
    }

    private static long CountJournalRows(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The serializer id and manifest of every journal row: the ledger's own, never Akka's JSON default.</summary>
    private static List<(int Identifier, string Manifest)> JournalSerialization(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT identifier, manifest FROM journal ORDER BY ordering";
        using var reader = command.ExecuteReader();
        var rows = new List<(int, string)>();
        while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>A fresh folder under the temp path holding the test's database file; deleted with everything in it.</summary>
    private sealed class TempDatabase : IDisposable
    {
        private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bittensor-ledger-{Guid.NewGuid():N}");

        public TempDatabase() => Directory.CreateDirectory(_folder);

        public string Path => System.IO.Path.Combine(_folder, "ledger.db");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A connection the journal has not closed yet; the folder is in the temp path and harmless.
            }
        }
    }
}

/// <summary>
/// Commands that build subnet 1 with staked validators (uids 0…, all with permits after the first epoch) and miners
/// (the uids after them), applied to a plain <see cref="LedgerState"/> as they are built so every one is known to be
/// accepted; the model is that ledger, for comparing hashes with the actor's.
/// </summary>
internal sealed class LedgerScenario
{
    public const ushort NetUid = 1;
    private const ulong Tao = 1_000_000_000;

    private LedgerScenario(LedgerState model, List<ILedgerCommand> genesis, List<string> validators, ushort[] minerUids)
    {
        Model = model;
        Genesis = genesis;
        Validators = validators;
        MinerUids = minerUids;
    }

    public LedgerState Model { get; }
    public IReadOnlyList<ILedgerCommand> Genesis { get; }
    public IReadOnlyList<string> Validators { get; }
    public ushort[] MinerUids { get; }

    public static LedgerScenario Build(int validators, int miners)
    {
        var model = new LedgerState();
        var genesis = new List<ILedgerCommand>();
        void Accept(ILedgerCommand command)
        {
            var outcome = model.Apply(command);
            Assert.True(outcome.Accepted, $"{command}: {outcome.Error}");
            genesis.Add(command);
        }

        Accept(new Endow("owner-cold", model.Settings.SubnetLockRao));
        Accept(new CreateSubnet("owner-cold"));
        Accept(new SetHyperparameter(NetUid, "owner-cold", "tempo", "2"));
        Accept(new SetHyperparameter(NetUid, "owner-cold", "commit_reveal_enabled", "false"));
        Accept(new SetHyperparameter(NetUid, "owner-cold", "weights_rate_limit", "0"));
        Accept(new SetHyperparameter(NetUid, "owner-cold", "max_regs_per_block", "16"));

        var validatorHotkeys = new List<string>();
        for (var v = 0; v < validators; v++)
        {
            var cold = $"val-cold-{v}";
            var hot = $"val-hot-{v}";
            Accept(new Endow(cold, model.Subnets[NetUid].Hyperparameters.Burn + (ulong)(100 + 10 * v) * Tao));
            Accept(new BurnedRegister(NetUid, cold, hot));
            Accept(new AddStake(cold, hot, (ulong)(100 + 10 * v) * Tao));
            validatorHotkeys.Add(hot);
        }
        var minerUids = new ushort[miners];
        for (var m = 0; m < miners; m++)
        {
            Accept(new Endow("miner-cold", model.Subnets[NetUid].Hyperparameters.Burn));
            Accept(new BurnedRegister(NetUid, "miner-cold", $"miner-hot-{m}"));
            minerUids[m] = (ushort)model.Subnets[NetUid].UidOf($"miner-hot-{m}");
        }
        for (var b = 0; b < 2 * model.Subnets[NetUid].Hyperparameters.Consensus.Tempo; b++) Accept(AdvanceBlock.Instance);
        foreach (var hot in validatorHotkeys)
            Assert.True(model.Subnets[NetUid].Neurons[model.Subnets[NetUid].UidOf(hot)].ValidatorPermit, $"{hot} should hold a permit");
        return new LedgerScenario(model, genesis, validatorHotkeys, minerUids);
    }
}
