using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Bittensor.Tests.Ledger;

// Crash worker: `--db PATH --seed N --commands M [--persistence-id ID]`.
// Submits the seeded CrashScript to a LedgerActor persisted in the SQLite file PATH, one step at a time, and writes
// to stdout, flushed line by line:
//   sending <first index> <count>        before the step's commands are sent (they may be persisted from then on)
//   ack <index> <block> <stateHash>      for each accepted command of the step, once all its replies are in
//   done <commands>                      after M commands
// The next step is sent only after the previous step's acks are written, so at most one step is unacknowledged.
// Every reply is checked against the script's model (same outcome, same hash); a disagreement exits with code 3.
// Meant to be killed (SIGKILL) at any point by LedgerCrashSpecs.

string? db = null;
int? seed = null;
int? commands = null;
var persistenceId = LedgerActor.DefaultPersistenceId;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--db": db = args[i + 1]; break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--commands": commands = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--persistence-id": persistenceId = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"crash worker: unknown option {args[i]}");
            return 2;
    }
}
if (db is null || seed is null || commands is not > 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: Bittensor.Ledger.CrashWorker --db PATH --seed N --commands M [--persistence-id ID]");
    return 2;
}

var timeout = TimeSpan.FromSeconds(30);
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
// Akka's own log lines stay off stdout, which carries only the protocol above.
var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING")
    .WithFallback(LedgerPersistenceConfig.Sqlite(db));
var system = ActorSystem.Create("crash-worker", config);
try
{
    var ledger = system.ActorOf(LedgerActor.Props(persistenceId: persistenceId), "ledger");
    var script = new CrashScript(seed.Value);
    var index = 0;
    while (index < commands)
    {
        var step = script.NextStep();
        stdout.WriteLine($"sending {index} {step.Count}");
        stdout.Flush();
        // Asks are enqueued in order on the calling thread, so the ledger receives the step's commands in order.
        var replies = step.Select(command => ledger.Ask<CommandResult>(new SubmitCommand(command), timeout)).ToList();
        var results = await Task.WhenAll(replies);
        for (var k = 0; k < step.Count; k++)
        {
            var (outcome, hash) = script.Apply(step[k]);
            var result = results[k];
            if (result.Outcome.Accepted != outcome.Accepted || result.StateHash != hash || result.Block != script.Model.Block)
            {
                Console.Error.WriteLine($"crash worker: command {index + k} ({step[k]}) disagrees with the model: ledger {result}, model {outcome} {hash}.");
                return 3;
            }
            if (result.Outcome.Accepted)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {index + k} {result.Block} {result.StateHash}"));
        }
        stdout.Flush();
        index += step.Count;
    }
    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {index}"));
    stdout.Flush();
    return 0;
}
finally
{
    await system.Terminate().WaitAsync(timeout);
}
