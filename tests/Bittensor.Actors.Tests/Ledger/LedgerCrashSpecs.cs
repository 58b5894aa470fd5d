using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// Crash recovery (issue 4): a separate process (tests/Bittensor.Ledger.CrashWorker) submits a seeded random stream
/// of ledger commands to a <see cref="LedgerActor"/> on a SQLite file and prints each acknowledgement; it is killed
/// with SIGKILL (no graceful shutdown, no flush) at a seeded random point, and a fresh actor system on the same file
/// must recover exactly an acknowledged state.
/// </summary>
/// <remarks>
/// The worker announces each step (<c>sending i n</c>: commands i…i+n−1) before sending it and sends the next step
/// only after printing the acks of the previous one, so when it dies everything up to its last printed ack is
/// persisted and at most the announced step's commands beyond it may be. The spec replays the same seeded script on
/// a plain <see cref="LedgerState"/> and accepts exactly the hashes after the last ack and after each command of the
/// unacknowledged step (a refused command leaves the hash as it was): never an older state, never a newer one, and
/// never a state that the script does not pass through.
/// </remarks>
[Collection(LedgerPersistenceCollection.Name)]
public sealed class LedgerCrashSpecs(ITestOutputHelper output)
{
    private const int Rounds = 6;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_ledger_killed_at_random_points_should_recover_the_state_after_its_last_acknowledged_command()
    {
        var worker = WorkerPath();
        var random = new Random(4_2026);
        var aheadOfLastAck = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var seed = 100 + round;
            // Kills during the genesis (the first 56 commands) and well into the random stream.
            var killAfterAcks = round == 0 ? random.Next(1, 40) : random.Next(20, 250);
            if (await RunRound(worker, seed, killAfterAcks)) aheadOfLastAck++;
        }
        output.WriteLine($"{aheadOfLastAck} of {Rounds} rounds recovered the unacknowledged in-flight step.");
    }

    /// <summary>One kill and recovery; true when the recovered state includes commands whose acks were not printed.</summary>
    private async Task<bool> RunRound(string worker, int seed, int killAfterAcks)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bittensor-ledger-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "ledger.db");
        try
        {
            var (lastAck, lastAckHash, sentEnd) = await RunAndKill(worker, database, seed, killAfterAcks);

            // The hashes the script passes through, from the last ack to the end of the step that may be in flight.
            var script = new CrashScript(seed);
            var hashes = new Dictionary<int, (string Hash, ulong Block)>();
            for (var index = 0; index <= sentEnd;)
            {
                foreach (var command in script.NextStep())
                {
                    var (_, hash) = script.Apply(command);
                    if (index >= lastAck) hashes[index] = (hash, script.Model.Block);
                    index++;
                }
            }
            Assert.Equal(lastAckHash, hashes[lastAck].Hash);

            var recovered = await Recover(database);
            var match = hashes.Where(h => h.Value.Hash == recovered.StateHash).Select(h => h.Key).DefaultIfEmpty(-1).First();
            output.WriteLine($"seed {seed}: killed after {killAfterAcks} acks (last ack {lastAck}, sent up to {sentEnd}); recovered block {recovered.Block} = state after command {match}.");
            Assert.True(match >= 0,
                $"Seed {seed}: the recovered hash {recovered.StateHash} (block {recovered.Block}) is neither the hash after the last acknowledged " +
                $"command {lastAck} ({lastAckHash}) nor one after a command of the unacknowledged step (up to {sentEnd}).");
            Assert.Equal(hashes[match].Block, recovered.Block);
            return recovered.StateHash != lastAckHash;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A connection not closed yet; the folder is in the temp path and harmless.
            }
        }
    }

    /// <summary>
    /// Starts the worker on the database, reads its stdout until the given number of acks, kills it (SIGKILL) at once,
    /// and returns the last ack (index and hash) and the index of the last command it announced.
    /// </summary>
    private static async Task<(int LastAck, string LastAckHash, int SentEnd)> RunAndKill(string worker, string database, int seed, int killAfterAcks)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { worker, "--db", database, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--commands", "100000" })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The crash worker did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        int acks = 0, lastAck = -1, sentEnd = -1;
        var lastAckHash = "";
        try
        {
            while (acks < killAfterAcks)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(LineTimeout);
                if (line is null)
                {
                    await process.WaitForExitAsync().WaitAsync(Timeout);
                    Assert.Fail($"The crash worker (seed {seed}) exited with code {process.ExitCode} after {acks} acks: {await errors}");
                }
                var parts = line.Split(' ');
                switch (parts[0])
                {
                    case "sending" when parts.Length == 3:
                        var first = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        Assert.Equal(sentEnd + 1, first);
                        sentEnd = first + int.Parse(parts[2], CultureInfo.InvariantCulture) - 1;
                        break;
                    case "ack" when parts.Length == 4:
                        var index = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        Assert.InRange(index, lastAck + 1, sentEnd);
                        (lastAck, lastAckHash) = (index, parts[3]);
                        acks++;
                        break;
                    // Anything else (a log line of the runtime) is not part of the protocol.
                }
            }
        }
        finally
        {
            // SIGKILL: the process gets no chance to flush, close the database or finish a write.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        // The worker may have announced the next step after the ack we stopped at; the stream past it is unread.
        var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(Timeout);
        foreach (var line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["sending", var first, var count])
                sentEnd = Math.Max(sentEnd, int.Parse(first, CultureInfo.InvariantCulture) + int.Parse(count, CultureInfo.InvariantCulture) - 1);
            else if (parts is ["ack", var index, _, var hash] && int.Parse(index, CultureInfo.InvariantCulture) > lastAck)
                (lastAck, lastAckHash) = (int.Parse(index, CultureInfo.InvariantCulture), hash);
        }
        return (lastAck, lastAckHash, sentEnd);
    }

    /// <summary>A fresh actor system on the database: the ledger's recovered block and hash.</summary>
    private static async Task<StateHashResult> Recover(string database)
    {
        var system = ActorSystem.Create($"ledger-crash-recovery-{Guid.NewGuid():N}", LedgerPersistenceConfig.Sqlite(database));
        try
        {
            var ledger = system.ActorOf(LedgerActor.Props(), "ledger");
            return await ledger.Ask<StateHashResult>(GetStateHash.Instance, Timeout);
        }
        finally
        {
            await system.Terminate().WaitAsync(Timeout);
        }
    }

    private static string WorkerPath()
    {
        var path = typeof(LedgerCrashSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "CrashWorkerPath")?.Value;
        Assert.True(path is not null && File.Exists(path), $"The crash worker is not built at {path ?? "(no path recorded)"}; build the solution first.");
        return path!;
    }
}
