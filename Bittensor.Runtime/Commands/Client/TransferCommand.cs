using System.CommandLine;
using Bittensor.Identity;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>transfer --wallet W --dest ADDRESS --amount TAO</c>: free balance from the wallet's coldkey to an address.</summary>
internal static class TransferCommand
{
    public static Command Create()
    {
        var command = new Command("transfer", "Transfer free balance from the wallet's coldkey to another coldkey's address.");
        var dest = new Option<string>("--dest") { Description = "The receiving coldkey's address (48 characters, starting with 5).", HelpName = "ADDRESS", Required = true };
        var amount = AmountOption();
        command.Options.Add(dest);
        command.Options.Add(amount);
        var keys = WalletOptions.AddTo(command, withHotkey: false);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => (To: ParseAddress(parseResult.GetRequiredValue(dest), "--dest"), Rao: Tao.Parse(parseResult.GetRequiredValue(amount)), From: keys.Coldkey(parseResult)),
            async (client, input, output) =>
            {
                var result = await client.SubmitAsync(new Transfer(input.From, input.To, input.Rao)).ConfigureAwait(false);
                ThrowIfRefused(result, "the transfer");
                output.WriteLine($"transferred {Tao.Format(input.Rao)} TAO from {input.From} to {input.To} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>An address as <see cref="Address"/> parses it, in its canonical text.</summary>
    /// <exception cref="UsageException">Not an address; the message names <paramref name="option"/> and the reason.</exception>
    public static string ParseAddress(string text, string option) =>
        Address.TryParse(text.Trim(), out var address, out var error)
            ? address!.ToString()
            : throw new UsageException($"{option}: {error}");
}
