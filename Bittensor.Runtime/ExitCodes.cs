namespace Bittensor.Runtime;

/// <summary>
/// Process exit codes of the runtime CLI. Bad arguments get their own code so scripts can tell a typo from a
/// failure; System.CommandLine's default handler reports unhandled exceptions as 1.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The operation failed for a reason outside the user's input (a folder that cannot be written, a full disk).</summary>
    public const int Failed = 1;

    public const int BadArguments = 2;
}
