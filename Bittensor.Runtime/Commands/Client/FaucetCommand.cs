using System.CommandLine;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// <c>wallet faucet --wallet W --amount TAO</c>: test TAO from a development cluster's faucet (<see cref="Endow"/>;
/// the ledger node's <c>--faucet-tao</c> caps each request, 0 turns it off), as Bittensor localnet's pow-faucet.
/// </summary>
internal static class FaucetCommand
{
    public static Command Create()
    {
        var command = new Command("faucet", "Ask a development cluster's faucet for test TAO on the wallet's coldkey (the node's --faucet-tao caps it).");
        var amount = AmountOption("TAO to ask for, at most 9 decimals; at most the node's --faucet-tao.");
        command.Options.Add(amount);
        var keys = WalletOptions.AddTo(command, withHotkey: false);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => (Rao: Tao.Parse(parseResult.GetRequiredValue(amount)), Coldkey: keys.Coldkey(parseResult)),
            async (client, input, output) =>
            {
                var result = await client.SubmitAsync(new Endow(input.Coldkey, input.Rao)).ConfigureAwait(false);
                ThrowIfRefused(result, "the faucet request");
                output.WriteLine($"faucet gave {Tao.Format(input.Rao)} TAO to coldkey {input.Coldkey} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }
}
