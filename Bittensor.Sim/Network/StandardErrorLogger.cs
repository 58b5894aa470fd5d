using Akka.Actor;
using Akka.Event;

namespace Bittensor.Sim.Network;

/// <summary>
/// Akka's log, on standard error: the CLI's standard output carries its results (bench lines, the run's summary),
/// which scripts read, and Akka's own logger would mix remoting chatter (a node's peers disassociating as it shuts
/// down) into them.
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor
{
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
