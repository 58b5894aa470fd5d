namespace Bittensor.Runtime;

/// <summary>
/// Process exit codes of the runtime CLI. Bad arguments get their own code so scripts can tell a typo from a
/// failure; System.CommandLine's default handler reports unhandled exceptions as 1.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadArguments = 2;
}
