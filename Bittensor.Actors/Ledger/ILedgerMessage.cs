namespace Bittensor.Ledger;

/// <summary>
/// A request to or a reply from the <see cref="LedgerActor"/> (<see cref="SubmitCommand"/>, <see cref="CommandResult"/>,
/// <see cref="BlockProduced"/>, …): the messages that cross Akka.Remote between a ledger and the nodes that use it.
/// The family is bound as a whole to <see cref="Wire.LedgerWireSerializer"/> (hocon/ledger-serialization.conf), so
/// none of them falls back to Akka's default serializer, which writes type names.
/// </summary>
public interface ILedgerMessage;
