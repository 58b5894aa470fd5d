using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Microsoft.Data.Sqlite;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// <see cref="LedgerActor"/> snapshots against a real SQLite database file: a snapshot is saved after every
/// N-th block (and none with N = 0), and a restarted actor system recovers from the latest one, replaying only the
/// events after it, to the same state hash, and goes on exactly as a ledger that never stopped.
/// </summary>
[Collection(LedgerPersistenceCollection.Name)]
public sealed class LedgerSnapshotActorSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly string _folder;

    public LedgerSnapshotActorSpecs() : this(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bittensor-ledger-{Guid.NewGuid():N}"))
    {
    }

    private LedgerSnapshotActorSpecs(string folder) : base(LedgerPersistenceConfig.Sqlite(System.IO.Path.Combine(Directory.CreateDirectory(folder).FullName, "ledger.db")), "ledger-snapshot-specs") =>
        _folder = folder;

    private string DatabasePath => System.IO.Path.Combine(_folder, "ledger.db");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection the plugins have not closed yet; the folder is in the temp path and harmless.
        }
    }

    [Fact]
    public async Task A_restarted_ledger_should_recover_from_its_latest_snapshot_and_replay_only_the_events_after_it()
    {
        const int every = 5;
        var config = LedgerPersistenceConfig.Sqlite(DatabasePath);
        var scenario = LedgerScenario.Build(validators: 2, miners: 2);
        var model = scenario.Model;
        var eventsAfterBlock = new Dictionary<ulong, int>(); // events persisted after each block's AdvanceBlock

        string hashBeforeShutdown;
        var first = ActorSystem.Create("ledger-snapshot-first", config);
        try
        {
            var ledger = first.ActorOf(LedgerActor.Props(snapshotEveryBlocks: every), "ledger");
            foreach (var command in scenario.Genesis)
                await Submit(ledger, command);
            Assert.Equal(4UL, model.Block);

            // Blocks 5 to 12, each with an endowment, a validator's weights and the block itself.
            for (var block = 5UL; block <= 12; block++)
            {
                ILedgerCommand endow = new Endow($"late-cold-{block}", 1_000 + block);
                ILedgerCommand weights = new SetWeights(LedgerScenario.NetUid, scenario.Validators[(int)block % 2], scenario.MinerUids,
                    [(ushort)(1_000 * block), 5_000], 0);
                Assert.True(model.Apply(endow).Accepted);
                Assert.True(model.Apply(weights).Accepted);
                Assert.True(model.Apply(AdvanceBlock.Instance).Accepted);

                Assert.Equal(model.Block - 1, (await Submit(ledger, endow)).Block);
                var weightsReply = ledger.Ask<CommandResult>(new SubmitCommand(weights), Timeout); // answered when the block ends
                var blockReply = await Submit(ledger, AdvanceBlock.Instance);
                Assert.True((await weightsReply).Outcome.Accepted);
                Assert.Equal(model.StateHash(), blockReply.StateHash);
                Assert.Equal(block, blockReply.Block);
            }

            // Snapshots are saved after the reply: wait until the store has confirmed both (blocks 5 and 10).
            await AwaitAssertAsync(async () =>
            {
                var status = await ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Timeout);
                Assert.Equal(2, status.SnapshotsSaved);
                Assert.Equal(10UL, status.LastSnapshotBlock);
                Assert.Equal(0, status.SnapshotsFailed);
                Assert.Null(status.RecoveredFromSnapshotBlock);
            }, Timeout);
            hashBeforeShutdown = (await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout)).StateHash;
            Assert.Equal(model.StateHash(), hashBeforeShutdown);
        }
        finally
        {
            await first.Terminate().WaitAsync(Timeout);
        }

        // Two snapshots in the table, written by the snapshot serializer; the latest at the event of block 10.
        var rows = SnapshotRows(DatabasePath);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal((LedgerSnapshotSerializer.Id, LedgerSnapshotSerializer.SnapshotManifest), (row.Identifier, row.Manifest)));
        var journalRows = JournalRows(DatabasePath);
        Assert.Equal(journalRows - 6, rows[^1].SequenceNr); // blocks 11 and 12 came after it, three events each

        var second = ActorSystem.Create("ledger-snapshot-second", config);
        try
        {
            var ledger = second.ActorOf(LedgerActor.Props(snapshotEveryBlocks: every), "ledger");
            var recovered = await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout);
            Assert.Equal(hashBeforeShutdown, recovered.StateHash);
            Assert.Equal(12UL, recovered.Block);

            var status = await ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Timeout);
            Assert.Equal(10UL, status.RecoveredFromSnapshotBlock);
            Assert.Equal(6, status.EventsReplayed);

            // It goes on as the model does, and snapshots again at block 15.
            for (var block = 13; block <= 15; block++)
            {
                ILedgerCommand endow = new Endow("after-restart", 7);
                Assert.True(model.Apply(endow).Accepted);
                Assert.Equal(model.StateHash(), (await Submit(ledger, endow)).StateHash);
                Assert.True(model.Apply(AdvanceBlock.Instance).Accepted);
                Assert.Equal(model.StateHash(), (await Submit(ledger, AdvanceBlock.Instance)).StateHash);
            }
            await AwaitAssertAsync(async () =>
                Assert.Equal(15UL, (await ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Timeout)).LastSnapshotBlock), Timeout);
        }
        finally
        {
            await second.Terminate().WaitAsync(Timeout);
        }
    }

    [Fact]
    public async Task A_ledger_told_to_take_no_snapshots_should_save_none_and_recover_from_the_journal()
    {
        var config = LedgerPersistenceConfig.Sqlite(DatabasePath);
        var model = new LedgerState();
        string hash;
        var first = ActorSystem.Create("ledger-nosnapshot-first", config);
        try
        {
            var ledger = first.ActorOf(LedgerActor.Props(snapshotEveryBlocks: 0), "ledger");
            for (var block = 0; block < 3; block++)
            {
                Assert.True(model.Apply(new Endow("alice", 10)).Accepted);
                Assert.True(model.Apply(AdvanceBlock.Instance).Accepted);
                await Submit(ledger, new Endow("alice", 10));
                await Submit(ledger, AdvanceBlock.Instance);
            }
            hash = (await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout)).StateHash;
            Assert.Equal(model.StateHash(), hash);
            Assert.Null((await ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Timeout)).LastSnapshotBlock);
        }
        finally
        {
            await first.Terminate().WaitAsync(Timeout);
        }

        var second = ActorSystem.Create("ledger-nosnapshot-second", config);
        try
        {
            var ledger = second.ActorOf(LedgerActor.Props(snapshotEveryBlocks: 1), "ledger");
            Assert.Equal(hash, (await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout)).StateHash);
            var status = await ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Timeout);
            Assert.Null(status.RecoveredFromSnapshotBlock);
            Assert.Equal(6, status.EventsReplayed);
        }
        finally
        {
            await second.Terminate().WaitAsync(Timeout);
        }
        Assert.Empty(SnapshotRows(DatabasePath));
    }

    private static async Task<CommandResult> Submit(IActorRef ledger, ILedgerCommand command)
    {
        var result = await ledger.Ask<CommandResult>(new SubmitCommand(command), Timeout);
        Assert.True(result.Outcome.Accepted, $"{command}: {result.Outcome.Error}");
        return result;
    }

    private static SqliteConnection OpenReadOnly(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return connection;
    }

    private static long JournalRows(string databasePath)
    {
        using var connection = OpenReadOnly(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The sequence number, serializer id and manifest of every snapshot row, oldest first.</summary>
    private static List<(long SequenceNr, int Identifier, string Manifest)> SnapshotRows(string databasePath)
    {
        using var connection = OpenReadOnly(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, serializer_id, manifest FROM snapshot ORDER BY sequence_number";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, int, string)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2)));
        return rows;
    }
}
