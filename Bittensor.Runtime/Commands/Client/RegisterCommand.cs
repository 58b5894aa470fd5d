using System.CommandLine;
using System.Globalization;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>register --netuid N --wallet W --hotkey H</c>: a burned registration; prints the uid.</summary>
internal static class RegisterCommand
{
    public static Command Create()
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
}
