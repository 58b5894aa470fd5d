using System.CommandLine;
using Bittensor.Identity;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// <c>wallet balance --wallet W</c>: the coldkey's free balance, its stake on each hotkey (named when the hotkey is
/// one of the wallet's) and the total, in TAO with 9 decimals.
/// </summary>
internal static class BalanceCommand
{
    public static Command Create()
    {
        var command = new Command("balance", "Show the free balance of the wallet's coldkey and its stake on each hotkey, in TAO.");
        var keys = WalletOptions.AddTo(command, withHotkey: false);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () =>
            {
                var wallet = keys.Open(parseResult);
                return (Coldkey: WalletOptions.ColdkeyOf(wallet), Names: HotkeyNamesByAddress(wallet));
            },
            async (client, input, output) =>
            {
                var balance = await client.AskAsync<BalanceResult>(new GetBalance(input.Coldkey)).ConfigureAwait(false);
                var staked = balance.Stakes.Aggregate(0UL, (sum, s) => sum + s.StakeRao);
                output.WriteLine($"coldkey {balance.Coldkey} at block {balance.Block}");
                WalletCommand.WriteRows(output,
                [
                    ["free_tao", Tao.Format(balance.FreeRao)],
                    ["staked_tao", Tao.Format(staked)],
                    ["total_tao", Tao.Format(balance.FreeRao + staked)],
                ]);
                if (balance.Stakes.Count == 0)
                {
                    output.WriteLine("no stake");
                    return ExitCodes.Ok;
                }

                var rows = new List<string[]> { new[] { "HOTKEY", "NAME", "STAKE_TAO" } };
                rows.AddRange(balance.Stakes.Select(s => new[] { s.Hotkey, input.Names.GetValueOrDefault(s.Hotkey, "-"), Tao.Format(s.StakeRao) }));
                WalletCommand.WriteRows(output, rows);
                return ExitCodes.Ok;
            }));
        return command;
    }

    // A hotkey file that cannot be read only loses its name in the table; the stakes come from the ledger.
    private static Dictionary<string, string> HotkeyNamesByAddress(Wallet wallet)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in wallet.HotkeyNames())
        {
            try
            {
                using var hot = wallet.LoadHotkey(name);
                names.TryAdd(hot.Address.ToString(), name);
            }
            catch (KeyfileCorruptedException)
            {
            }
        }

        return names;
    }
}
