namespace Bittensor.Runtime.Node;

/// <summary>The cluster roles a node can take (its <c>akka.cluster.roles</c>).</summary>
internal static class NodeRole
{
    public const string Ledger = "ledger";
    public const string Miner = "miner";
    public const string Validator = "validator";

    public static IReadOnlyList<string> All { get; } = [Ledger, Miner, Validator];
}
