using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Microsoft.Data.Sqlite;

namespace Bittensor.Sim.Bench;

/// <summary>One line of <c>bench ledger</c>: a named measurement and its unit.</summary>
public sealed record LedgerMetric(string Name, double Value, string Unit, int Decimals)
{
    public string ToLine() => $"ledger metric={Name} value={Value.ToString("F" + Decimals, CultureInfo.InvariantCulture)} unit={Unit}";
}

/// <summary>
/// Timings of the ledger's pure state machine (<see cref="LedgerState"/>, no actor and no storage) on a subnet of
/// 256 uids whose 64 largest stakes hold validator permits: how many full-row weight settings it applies per second,
/// and how long a block that runs the subnet's epoch takes; and the persisted throughput of the
/// <see cref="LedgerActor"/> on a SQLite file (<see cref="PersistedCommandsPerSecond"/>).
/// </summary>
public static class LedgerBenchmark
{
    public const int Uids = 256;
    public const int Validators = 64;
    private const ushort NetUid = 1;
    private const string Owner = "bench-owner";

    /// <summary>
    /// Full weight rows (every uid) set by the 64 validators in turn, with no rate limit and commit-reveal off:
    /// commands applied per second over at least <paramref name="measure"/>, after <paramref name="warmup"/>.
    /// </summary>
    public static LedgerMetric SetWeightsPerSecond(TimeSpan measure, TimeSpan warmup)
    {
        var state = PermittedSubnet();
        var rows = FullRows();
        RunFor(state, rows, warmup);
        var (applied, elapsed) = RunFor(state, rows, measure);
        return new LedgerMetric("set_weights_per_second", applied / elapsed.TotalSeconds, "commands/s", Decimals: 0);
    }

    /// <summary>
    /// The median time of one <see cref="AdvanceBlock"/> that runs the epoch of the subnet (tempo 1: every block),
    /// its 64 validators holding full weight rows, over <paramref name="iterations"/> blocks after a warm-up of at
    /// least <paramref name="warmup"/> and 10 blocks.
    /// </summary>
    public static LedgerMetric BlockWithEpoch(int iterations, TimeSpan warmup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var state = PermittedSubnet();
        var rows = FullRows();
        SetAll(state, rows);
        var subnet = state.Subnets[NetUid];

        var warmupStart = Stopwatch.GetTimestamp();
        for (var block = 0; block < 10 || Stopwatch.GetElapsedTime(warmupStart) < warmup; block++) Advance(state);

        var times = new double[iterations];
        for (var k = 0; k < iterations; k++)
        {
            // Validators go inactive after activity_cutoff_blocks without weights: refresh them, untimed.
            if (k % 500 == 0) SetAll(state, rows);
            var epochs = subnet.EpochsRun;
            var start = Stopwatch.GetTimestamp();
            Advance(state);
            times[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (subnet.EpochsRun != epochs + 1) throw new InvalidOperationException($"Block {state.Block} ran no epoch.");
        }
        Array.Sort(times);
        return new LedgerMetric($"block_with_epoch_{Uids}_uids", times[times.Length / 2], "us", Decimals: 1);
    }

    /// <summary>
    /// Accepted commands per second through a <see cref="LedgerActor"/> persisting to a SQLite file in a fresh temporary
    /// folder: <see cref="AddStake"/>s of 1 rao (each one accepted, persisted and answered), kept
    /// <paramref name="inFlight"/> at a time by as many senders that each send the next when their reply comes, over at
    /// least <paramref name="measure"/> after <paramref name="warmup"/>. The actor persists each command with
    /// <c>Persist</c> before it answers (one journal write per command, no batching across commands), so this is the
    /// rate of one SQLite write after another.
    /// </summary>
    public static LedgerMetric PersistedCommandsPerSecond(TimeSpan measure, TimeSpan warmup, int inFlight = 64) =>
        PersistedCommandsPerSecondAsync(measure, warmup, inFlight).GetAwaiter().GetResult();

    private static async Task<LedgerMetric> PersistedCommandsPerSecondAsync(TimeSpan measure, TimeSpan warmup, int inFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        var folder = Path.Combine(Path.GetTempPath(), $"bittensor-bench-ledger-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var timeout = TimeSpan.FromSeconds(30);
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING")
            .WithFallback(LedgerPersistenceConfig.Sqlite(Path.Combine(folder, "ledger.db")));
        var system = ActorSystem.Create("bench-ledger", config);
        try
        {
            var ledger = system.ActorOf(LedgerActor.Props(), "ledger");
            async Task Submit(ILedgerCommand command)
            {
                var result = await ledger.Ask<CommandResult>(new SubmitCommand(command), timeout);
                if (!result.Outcome.Accepted) throw new InvalidOperationException($"The benchmark's command {command} was refused: {result.Outcome.Error}.");
            }
            await Submit(new Endow(Owner, 1_000_000_000_000_000));
            await Submit(new CreateSubnet(Owner));
            foreach (var (name, value) in new[] { ("min_burn", "0"), ("burn", "0") })
                await Submit(new SetHyperparameter(NetUid, Owner, name, value));
            await Submit(new BurnedRegister(NetUid, Owner, Hotkey(0)));

            var stake = new AddStake(Owner, Hotkey(0), 1);
            async Task<long> SubmitUntil(long deadline)
            {
                long done = 0;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    await Submit(stake);
                    done++;
                }
                return done;
            }
            async Task<(long Done, TimeSpan Elapsed)> RunFor(TimeSpan duration)
            {
                var start = Stopwatch.GetTimestamp();
                var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
                var counts = await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(() => SubmitUntil(deadline))));
                return (counts.Sum(), Stopwatch.GetElapsedTime(start));
            }
            await RunFor(warmup);
            var (done, elapsed) = await RunFor(measure);
            return new LedgerMetric("persisted_commands_per_second", done / elapsed.TotalSeconds, "commands/s", Decimals: 0);
        }
        finally
        {
            await system.Terminate().WaitAsync(timeout);
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
    /// A ledger with one subnet of 256 uids (tempo 1, commit-reveal off, no weights rate limit) on which one epoch has
    /// given the 64 validators (uids 0–63, the only staked ones) their permits.
    /// </summary>
    public static LedgerState PermittedSubnet()
    {
        var state = new LedgerState();
        Require(state, new Endow(Owner, 1_000_000_000_000_000));
        Require(state, new CreateSubnet(Owner));
        foreach (var (name, value) in new[]
                 {
                     ("tempo", "1"), ("commit_reveal_enabled", "false"), ("weights_rate_limit", "0"),
                     ("max_regs_per_block", "65535"), ("min_burn", "0"), ("burn", "0"),
                     ("max_allowed_uids", $"{Uids}"), ("max_allowed_validators", $"{Validators}"),
                 })
            Require(state, new SetHyperparameter(NetUid, Owner, name, value));
        for (var uid = 0; uid < Uids; uid++) Require(state, new BurnedRegister(NetUid, Owner, Hotkey(uid)));
        for (var uid = 0; uid < Validators; uid++) Require(state, new AddStake(Owner, Hotkey(uid), (ulong)(Validators - uid) * 100_000_000_000));
        Require(state, AdvanceBlock.Instance);
        var permits = state.Subnets[NetUid].Neurons.Count(n => n.ValidatorPermit);
        if (permits != Validators) throw new InvalidOperationException($"The epoch gave {permits} validator permits, not {Validators}.");
        return state;
    }

    /// <summary>One full row per validator: every uid, seeded random values.</summary>
    private static SetWeights[] FullRows()
    {
        var random = new Random(42);
        var uids = Enumerable.Range(0, Uids).Select(u => (ushort)u).ToArray();
        return Enumerable.Range(0, Validators)
            .Select(v => new SetWeights(NetUid, Hotkey(v), uids, uids.Select(_ => (ushort)random.Next(1, 65_536)).ToArray(), 0))
            .ToArray();
    }

    /// <summary>Applies the rows in turn, in rounds of all validators, until <paramref name="duration"/> has passed.</summary>
    private static (long Applied, TimeSpan Elapsed) RunFor(LedgerState state, SetWeights[] rows, TimeSpan duration)
    {
        long applied = 0, refused = 0;
        var start = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        do
        {
            foreach (var row in rows)
                if (!state.Apply(row).Accepted) refused++;
            applied += rows.Length;
            elapsed = Stopwatch.GetElapsedTime(start);
        }
        while (elapsed < duration);
        if (refused > 0) throw new InvalidOperationException($"{refused} of {applied} weight settings were refused.");
        return (applied, elapsed);
    }

    private static void SetAll(LedgerState state, SetWeights[] rows)
    {
        foreach (var row in rows) Require(state, row);
    }

    private static void Advance(LedgerState state)
    {
        if (!state.Apply(AdvanceBlock.Instance).Accepted) throw new InvalidOperationException($"Block {state.Block + 1} was refused.");
    }

    private static void Require(LedgerState state, ILedgerCommand command)
    {
        var outcome = state.Apply(command);
        if (!outcome.Accepted) throw new InvalidOperationException($"The benchmark's setup command {command} was refused: {outcome.Error}.");
    }

    private static string Hotkey(int uid) => $"bench-hotkey-{uid}";
}
