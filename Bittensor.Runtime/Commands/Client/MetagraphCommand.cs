using System.CommandLine;
using System.Globalization;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>metagraph --netuid N</c>: a subnet's metagraph as a table.</summary>
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
            var graph = result.Metagraph ?? throw new UsageException($"subnet {id} does not exist");
            output.WriteLine($"subnet {graph.NetUid} at block {graph.Block}: {graph.N} neurons");
            var rows = new List<string[]>
            {
                new[] { "UID", "HOTKEY", "COLDKEY", "STAKE_TAO", "INCENTIVE", "DIVIDENDS", "EMISSION_TAO", "VALIDATOR_TRUST", "PERMIT", "ACTIVE" },
            };
            rows.AddRange(graph.Neurons.Select(n => new[]
            {
                n.Uid.ToString(CultureInfo.InvariantCulture), n.Hotkey, n.Coldkey, Tao.Format(n.StakeRao),
                Unit(n.Incentive), Unit(n.Dividends), Tao.Format(n.EmissionRao), Unit(n.ValidatorTrust),
                n.ValidatorPermit ? "yes" : "no", n.Active ? "yes" : "no",
            }));
            WalletCommand.WriteRows(output, rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    // The chain's u16 terms as the fraction of 65535 that Bittensor's metagraph shows.
    private static string Unit(ushort value) => (value / 65535.0).ToString("0.0000", CultureInfo.InvariantCulture);
}
