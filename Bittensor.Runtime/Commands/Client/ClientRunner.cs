using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Client;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// What every client command shares: check the input locally, join the cluster (<see cref="ClusterClient"/>), ask the
/// ledger, leave; and turn every failure a user can act on into one line on standard error with exit code 2.
/// </summary>
internal static class ClientRunner
{
    /// <summary>
    /// Runs <paramref name="action"/> against the cluster. <paramref name="prepare"/> (options, wallet) runs before the
    /// cluster is joined, so that a typo does not wait for a timeout.
    /// </summary>
    public static async Task<int> RunAsync<TInput>(ParseResult parseResult, ClusterOptions cluster, Func<TInput> prepare,
        Func<ClusterClient, TInput, TextWriter, Task<int>> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            var (options, timeout) = cluster.Read(parseResult);
            var input = prepare();
            var client = await ClusterClient.ConnectAsync(options, timeout).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                try
                {
                    return await action(client, input, output).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    throw new UsageException($"the ledger did not answer within {Seconds(timeout)} s");
                }
            }
        }
        catch (Exception e) when (e is UsageException or ClusterUnreachableException or ArgumentException or KeyfileCorruptedException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadArguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.Failed;
        }
    }

    /// <summary>A refused command as one line: <c>The ledger refused WHAT: Code (n): message</c>.</summary>
    /// <exception cref="UsageException">The command was refused.</exception>
    public static void ThrowIfRefused(CommandResult result, string what)
    {
        if (result.Outcome.Error is { } error)
            throw new UsageException(Refusal(error, what));
    }

    /// <summary>The line that reports a refusal: <c>The ledger refused WHAT: Code (n): message</c>.</summary>
    public static string Refusal(LedgerError error, string what) => $"The ledger refused {what}: {error.Code} ({(int)error.Code}): {error.Message}";

    /// <summary><c>--amount TAO</c>, required; read with <see cref="Tao.Parse"/>.</summary>
    public static Option<string> AmountOption(string description = "TAO, at most 9 decimals (1 TAO = 1e9 rao).") =>
        new("--amount") { Description = description, HelpName = "TAO", Required = true };

    public static Option<ushort> NetUidOption() => new("--netuid") { Description = "The subnet's id.", HelpName = "N", Required = true };

    public static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
