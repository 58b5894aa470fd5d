namespace Bittensor.Runtime.Commands;

/// <summary>
/// Input the user can fix (an unknown wallet, a wrong password, a missing password source, ...). A command reports
/// it as its one-line message on standard error and exits with <see cref="ExitCodes.BadArguments"/>.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
