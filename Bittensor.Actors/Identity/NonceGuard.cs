namespace Bittensor.Identity;

/// <summary>
/// The replay rule of Bittensor's axon: keep the last accepted nonce per sender and accept only a strictly greater
/// one. Thread-safe. Nonces are unsigned 64-bit counters; a sender's first nonce may be any value above 0.
/// Check authenticity before calling <see cref="TryAccept"/>, so a forged message cannot advance a sender's nonce.
/// </summary>
public sealed class NonceGuard
{
    private readonly Dictionary<Address, ulong> last = [];
    private readonly Lock gate = new();

    /// <summary>Number of senders seen.</summary>
    public int SenderCount
    {
        get
        {
            lock (gate)
            {
                return last.Count;
            }
        }
    }

    /// <summary>Accepts and records <paramref name="nonce"/> when it is greater than the last one from <paramref name="sender"/>.</summary>
    public bool TryAccept(Address sender, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(sender);
        lock (gate)
        {
            if (last.TryGetValue(sender, out var previous) ? nonce <= previous : nonce == 0)
            {
                return false;
            }

            last[sender] = nonce;
            return true;
        }
    }

    /// <summary>Whether <paramref name="nonce"/> would be accepted from <paramref name="sender"/> (records nothing).</summary>
    public bool IsFresh(Address sender, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(sender);
        lock (gate)
        {
            return last.TryGetValue(sender, out var previous) ? nonce > previous : nonce > 0;
        }
    }

    /// <summary>The last nonce accepted from <paramref name="sender"/>, or 0.</summary>
    public ulong LastNonce(Address sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        lock (gate)
        {
            return last.GetValueOrDefault(sender);
        }
    }
}
