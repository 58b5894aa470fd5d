using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Node;

/// <summary>Waiting for a node's ledger to reach a state, through its proxy, without sleeping a fixed time.</summary>
internal static class LedgerWaits
{
    /// <summary>Polls the ledger's block and hash until <paramref name="condition"/> holds, failing after <paramref name="wait"/>.</summary>
    public static async Task<StateHashResult> UntilAsync(LedgerNode node, Func<StateHashResult, bool> condition, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        StateHashResult? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await node.Ledger.Ask<StateHashResult>(GetStateHash.Instance, TimeSpan.FromSeconds(2));
                if (condition(last)) return last;
            }
            catch (AskTimeoutException)
            {
                // The singleton is moving or not found yet; the proxy buffers, and the next ask goes on waiting.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The ledger did not reach the expected state within {wait}; last seen {last}.");
    }
}
