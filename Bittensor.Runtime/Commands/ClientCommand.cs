using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Client;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// The client commands against a running cluster: <c>metagraph</c>, <c>register</c>, <c>stake add|remove</c>. Each
/// joins <c>--seed-nodes</c> as a member with no roles (<see cref="ClusterClient"/>), asks the ledger, and leaves.
/// A cluster that does not take it in within <c>--timeout</c>, a ledger that does not answer in time, an unknown
/// wallet or hotkey, a bad amount and a refused command are one line on standard error and exit code 2.
/// </summary>
internal static class ClientCommand
{
    private const ulong RaoPerTao = 1_000_000_000;

    public static Command Metagraph()
    {
        var command = new Command("metagraph", "Print a subnet's metagraph as a table.");
        var netuid = NetUidOption();
        command.Options.Add(netuid);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster, () => 0, async (client, _, output) =>
        {
            var id = parseResult.GetValue(netuid);
            var result = await client.AskAsync<MetagraphResult>(new GetMetagraph(id)).ConfigureAwait(false);
            var graph = result.Metagraph ?? throw new UsageException($"subnet {id} does not exist");
            output.WriteLine($"subnet {graph.NetUid} at block {graph.Block}: {graph.N} neurons");
            var rows = new List<string[]>
            {
                new[] { "UID", "HOTKEY", "COLDKEY", "STAKE_TAO", "INCENTIVE", "DIVIDENDS", "EMISSION_TAO", "VALIDATOR_TRUST", "PERMIT", "ACTIVE" },
            };
            rows.AddRange(graph.Neurons.Select(n => new[]
            {
                n.Uid.ToString(CultureInfo.InvariantCulture), n.Hotkey, n.Coldkey, FormatTao(n.StakeRao),
                Unit(n.Incentive), Unit(n.Dividends), FormatTao(n.EmissionRao), Unit(n.ValidatorTrust),
                n.ValidatorPermit ? "yes" : "no", n.Active ? "yes" : "no",
            }));
            WalletCommand.WriteRows(output, rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Register()
    {
        var command = new Command("register", "Register a wallet's hotkey on a subnet by burning its registration price; prints the uid.");
        var netuid = NetUidOption();
        command.Options.Add(netuid);
        var keys = WalletOptions.AddTo(command);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => keys.Addresses(parseResult),
            async (client, addresses, output) =>
            {
                var id = parseResult.GetValue(netuid);
                var result = await client.SubmitAsync(new BurnedRegister(id, addresses.Coldkey, addresses.Hotkey)).ConfigureAwait(false);
                ThrowIfRefused(result, "the registration");
                output.WriteLine($"registered hotkey {addresses.Hotkey} on subnet {id}: uid {result.Outcome.Uid?.ToString(CultureInfo.InvariantCulture) ?? "?"} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }

    public static Command Stake()
    {
        var command = new Command("stake", "Add or remove stake of a wallet's coldkey on one of its hotkeys.");
        command.Subcommands.Add(StakeCommand(add: true));
        command.Subcommands.Add(StakeCommand(add: false));
        return command;
    }

    private static Command StakeCommand(bool add)
    {
        var command = new Command(add ? "add" : "remove", add
            ? "Stake free balance of the wallet's coldkey on the hotkey."
            : "Return stake of the wallet's coldkey on the hotkey to its free balance.");
        var amount = new Option<string>("--amount") { Description = "TAO, at most 9 decimals (1 TAO = 1e9 rao).", HelpName = "TAO", Required = true };
        command.Options.Add(amount);
        var keys = WalletOptions.AddTo(command);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => (Rao: ParseTao(parseResult.GetRequiredValue(amount)), Keys: keys.Addresses(parseResult)),
            async (client, input, output) =>
            {
                var (rao, addresses) = input;
                ILedgerCommand ledgerCommand = add
                    ? new AddStake(addresses.Coldkey, addresses.Hotkey, rao)
                    : new RemoveStake(addresses.Coldkey, addresses.Hotkey, rao);
                var result = await client.SubmitAsync(ledgerCommand).ConfigureAwait(false);
                ThrowIfRefused(result, add ? "the stake" : "the unstake");
                output.WriteLine($"{(add ? "staked" : "unstaked")} {FormatTao(rao)} TAO {(add ? "on" : "from")} hotkey {addresses.Hotkey} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>TAO as typed (<c>1.5</c>) to rao: positive, at most 9 decimals, within a u64.</summary>
    internal static ulong ParseTao(string text, string option = "--amount")
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var tao))
            throw new UsageException($"{option} {text} is not an amount of TAO (for example 1.5).");
        if (tao <= 0)
            throw new UsageException($"{option} {text} must be positive.");
        if (tao.Scale > 9 && decimal.Round(tao, 9) != tao)
            throw new UsageException($"{option} {text} has more than 9 decimals (1 rao = 0.000000001 TAO).");
        if (tao > ulong.MaxValue / (decimal)RaoPerTao)
            throw new UsageException($"{option} {text} is too large: a balance is at most {FormatTao(ulong.MaxValue)} TAO.");
        return (ulong)(tao * RaoPerTao);
    }

    internal static string FormatTao(ulong rao) =>
        (rao / RaoPerTao).ToString(CultureInfo.InvariantCulture) + "." + (rao % RaoPerTao).ToString("D9", CultureInfo.InvariantCulture);

    // The chain's u16 terms as the fraction of 65535 that Bittensor's metagraph shows.
    private static string Unit(ushort value) => (value / 65535.0).ToString("0.0000", CultureInfo.InvariantCulture);

    private static void ThrowIfRefused(CommandResult result, string what)
    {
        if (result.Outcome.Error is { } error)
            throw new UsageException($"The ledger refused {what}: {error.Code} ({(int)error.Code}): {error.Message}");
    }

    private static Option<ushort> NetUidOption() => new("--netuid") { Description = "The subnet's id.", HelpName = "N", Required = true };

    // Local checks (options, wallet) run before the cluster is joined, so that a typo does not wait for a timeout.
    private static async Task<int> RunAsync<TInput>(ParseResult parseResult, ClusterOptions cluster, Func<TInput> prepare,
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
                    throw new UsageException($"the ledger did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
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

    /// <summary><c>--seed-nodes</c>, <c>--timeout</c>, <c>--config</c>.</summary>
    private sealed class ClusterOptions
    {
        private readonly Option<string[]> _seeds = new("--seed-nodes")
        {
            Description = $"Addresses of running nodes, like akka.tcp://{NodeOptions.SystemName}@127.0.0.1:{NodeOptions.DefaultPort}.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };

        private readonly Option<string> _timeout = new("--timeout")
        {
            Description = "How long to wait to join the cluster and for each answer of the ledger: 10s, 500ms, or seconds.",
            DefaultValueFactory = _ => "10s",
        };

        private readonly Option<string?> _config = new("--config") { Description = "A HOCON file layered over the client's defaults." };

        public static ClusterOptions AddTo(Command command)
        {
            var options = new ClusterOptions();
            command.Options.Add(options._seeds);
            command.Options.Add(options._timeout);
            command.Options.Add(options._config);
            return options;
        }

        public (NodeOptions Options, TimeSpan Timeout) Read(ParseResult parseResult) =>
            (NodeOptions.Client(parseResult.GetValue(_seeds), configFile: parseResult.GetValue(_config)),
                NodeOptions.ParseDuration(parseResult.GetValue(_timeout) ?? "10s", "--timeout"));
    }

    /// <summary><c>--wallet</c>, <c>--hotkey</c>, <c>--root</c>: the coldkey's address (no password) and the hotkey's.</summary>
    private sealed class WalletOptions
    {
        private readonly Option<string> _wallet = new("--wallet") { Description = "The wallet's name.", HelpName = "NAME", Required = true };
        private readonly Option<string> _hotkey = new("--hotkey") { Description = "The wallet's hotkey.", HelpName = "HOTKEY", Required = true };
        private readonly Option<string> _root = new("--root") { Description = $"The folder of wallets (default: {WalletStore.DefaultRoot}).", HelpName = "DIR" };

        public static WalletOptions AddTo(Command command)
        {
            var options = new WalletOptions();
            command.Options.Add(options._wallet);
            command.Options.Add(options._hotkey);
            command.Options.Add(options._root);
            return options;
        }

        public (string Coldkey, string Hotkey) Addresses(ParseResult parseResult)
        {
            var wallet = WalletCommand.OpenExisting(new WalletStore(parseResult.GetValue(_root)), parseResult.GetRequiredValue(_wallet));
            var hotkeyName = WalletCommand.ValidName(parseResult.GetRequiredValue(_hotkey), "hotkey");
            if (!wallet.HasHotkey(hotkeyName))
            {
                var names = wallet.HotkeyNames();
                throw new UsageException($"The wallet '{wallet.Name}' has no hotkey '{hotkeyName}'; its hotkeys are: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.");
            }

            string coldkey;
            try
            {
                coldkey = wallet.ColdkeyAddress.ToString();
            }
            catch (FileNotFoundException)
            {
                throw new UsageException($"The wallet '{wallet.Name}' has no {Path.GetFileName(wallet.ColdkeyPubPath)} ({wallet.ColdkeyPubPath}).");
            }

            using var hot = wallet.LoadHotkey(hotkeyName);
            return (coldkey, hot.Address.ToString());
        }
    }
}
