using System.CommandLine;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>metagraph --netuid N</c>: a subnet's metagraph as a table (<see cref="MetagraphTable"/>, as <c>up</c> prints it).</summary>
internal static class MetagraphCommand
{
    public static Command Create()
    {
        var command = new Command("metagraph", "Print a subnet's metagraph as a table.");
        var netuid = NetUidOption();
        command.Options.Add(netuid);
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster, () => 0, async (client, _, output) =>
        {
            var id = parseResult.GetValue(netuid);
            var result = await client.AskAsync<MetagraphResult>(new GetMetagraph(id)).ConfigureAwait(false);
            MetagraphTable.Write(output, result.Metagraph ?? throw new UsageException($"subnet {id} does not exist"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
