using System.CommandLine;
using Akka.Actor;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// <c>weights set --netuid N --wallet W --hotkey H --uids 0,1,2 --weights 0.2,0.3,0.5 [--version-key K]</c>: a
/// validator's weights, converted to u16 by <see cref="WeightsForEmit"/> and submitted as <see cref="SetWeights"/>.
/// The ledger applies a block's weights when the block ends, so the answer comes at the next block: <c>--timeout</c>
/// must be longer than the block time.
/// </summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var command = new Command("weights", "Set a validator hotkey's weights on a subnet.");
        command.Subcommands.Add(SetCommand());
        return command;
    }

    private static Command SetCommand()
    {
        var command = new Command("set", "Set the hotkey's weights on the subnet (answered when the block ends).");
        var netuid = NetUidOption();
        var uids = new Option<string>("--uids") { Description = "Comma-separated uids, like 0,1,2.", HelpName = "UIDS", Required = true };
        var weights = new Option<string>("--weights")
        {
            Description = "Comma-separated weights ≥ 0, one per uid, like 0.2,0.3,0.5; scaled so that the largest is 65535.",
            HelpName = "WEIGHTS",
            Required = true,
        };
        var versionKey = new Option<ulong>("--version-key") { Description = "The version key sent with the weights (default 0).", HelpName = "K" };
        command.Options.Add(netuid);
        command.Options.Add(uids);
        command.Options.Add(weights);
        command.Options.Add(versionKey);
        var keys = WalletOptions.AddTo(command);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => (Weights: WeightsForEmit.FromText(parseResult.GetRequiredValue(uids), parseResult.GetRequiredValue(weights)), Keys: keys.Addresses(parseResult)),
            async (client, input, output) =>
            {
                var id = parseResult.GetValue(netuid);
                var (emitUids, values) = input.Weights;
                CommandResult result;
                try
                {
                    result = await client.SubmitAsync(new SetWeights(id, input.Keys.Hotkey, emitUids, values, parseResult.GetValue(versionKey)))
                        .ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    throw new UsageException(
                        $"the ledger did not answer within {Seconds(client.Timeout)} s (weights are answered when the block ends: give a --timeout longer than the block time)");
                }

                ThrowIfRefused(result, "the weights");
                output.WriteLine($"set weights of hotkey {input.Keys.Hotkey} on subnet {id} (block {result.Block}):");
                var rows = new List<string[]> { new[] { "UID", "WEIGHT_U16" } };
                rows.AddRange(emitUids.Select((uid, k) => new[]
                {
                    uid.ToString(System.Globalization.CultureInfo.InvariantCulture), values[k].ToString(System.Globalization.CultureInfo.InvariantCulture),
                }));
                WalletCommand.WriteRows(output, rows);
                return ExitCodes.Ok;
            }));
        return command;
    }
}
