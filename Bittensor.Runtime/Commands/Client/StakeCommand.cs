using System.CommandLine;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>stake add|remove --wallet W --hotkey H --amount TAO</c>.</summary>
internal static class StakeCommand
{
    public static Command Create()
    {
        var command = new Command("stake", "Add or remove stake of a wallet's coldkey on one of its hotkeys.");
        command.Subcommands.Add(Create(add: true));
        command.Subcommands.Add(Create(add: false));
        return command;
    }

    private static Command Create(bool add)
    {
        var command = new Command(add ? "add" : "remove", add
            ? "Stake free balance of the wallet's coldkey on the hotkey."
            : "Return stake of the wallet's coldkey on the hotkey to its free balance.");
        var amount = AmountOption();
        command.Options.Add(amount);
        var keys = WalletOptions.AddTo(command);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => (Rao: Tao.Parse(parseResult.GetRequiredValue(amount)), Keys: keys.Addresses(parseResult)),
            async (client, input, output) =>
            {
                var (rao, addresses) = input;
                ILedgerCommand ledgerCommand = add
                    ? new AddStake(addresses.Coldkey, addresses.Hotkey, rao)
                    : new RemoveStake(addresses.Coldkey, addresses.Hotkey, rao);
                var result = await client.SubmitAsync(ledgerCommand).ConfigureAwait(false);
                ThrowIfRefused(result, add ? "the stake" : "the unstake");
                output.WriteLine($"{(add ? "staked" : "unstaked")} {Tao.Format(rao)} TAO {(add ? "on" : "from")} hotkey {addresses.Hotkey} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }
}
