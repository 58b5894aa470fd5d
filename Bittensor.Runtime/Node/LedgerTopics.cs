namespace Bittensor.Runtime.Node;

/// <summary>
/// The distributed pub-sub topics the ledger singleton publishes to (subscribe through
/// <c>DistributedPubSub.Get(system).Mediator</c>). Unlike a <c>Subscribe</c> sent to the ledger, a topic
/// subscription outlives a move of the singleton. A new subscription reaches other nodes only by gossip, so the
/// first messages after it may be missed.
/// </summary>
internal static class LedgerTopics
{
    /// <summary>A <c>BlockProduced</c> per persisted block (and the current block again whenever the singleton starts).</summary>
    public const string Blocks = "ledger-blocks";

    /// <summary>A <c>MetagraphPublished</c> per subnet after each block.</summary>
    public const string Metagraphs = "ledger-metagraphs";
}
