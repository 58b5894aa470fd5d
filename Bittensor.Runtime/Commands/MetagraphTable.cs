using System.Globalization;
using Bittensor.Ledger;

namespace Bittensor.Runtime.Commands;

/// <summary>A metagraph as <c>metagraph</c> and <c>up</c> print it: a heading line, then one row per uid.</summary>
internal static class MetagraphTable
{
    public static void Write(TextWriter output, Metagraph graph)
    {
        output.WriteLine($"subnet {graph.NetUid} at block {graph.Block}: {graph.N} neurons");
        var rows = new List<string[]>
        {
            new[] { "UID", "HOTKEY", "COLDKEY", "STAKE_TAO", "INCENTIVE", "DIVIDENDS", "EMISSION_TAO", "VALIDATOR_TRUST", "PERMIT", "ACTIVE" },
        };
        rows.AddRange(graph.Neurons.Select(n => new[]
        {
            n.Uid.ToString(CultureInfo.InvariantCulture), n.Hotkey, n.Coldkey, Client.Tao.Format(n.StakeRao),
            Unit(n.Incentive), Unit(n.Dividends), Client.Tao.Format(n.EmissionRao), Unit(n.ValidatorTrust),
            n.ValidatorPermit ? "yes" : "no", n.Active ? "yes" : "no",
        }));
        WalletCommand.WriteRows(output, rows);
    }

    /// <summary>The chain's u16 terms as the fraction of 65535 that Bittensor's metagraph shows.</summary>
    public static string Unit(ushort value) => (value / 65535.0).ToString("0.0000", CultureInfo.InvariantCulture);
}
