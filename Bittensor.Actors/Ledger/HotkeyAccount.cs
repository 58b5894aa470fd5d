namespace Bittensor.Ledger;

/// <summary>A hotkey: the coldkey that owns it, its delegate take, and the stake each coldkey holds on it.</summary>
public sealed class HotkeyAccount
{
    public required string Owner { get; init; }
    public ushort Take { get; set; }

    /// <summary>Stake by coldkey, in rao; coldkeys in ordinal order so that payouts are deterministic.</summary>
    public SortedDictionary<string, ulong> Stakes { get; } = new(StringComparer.Ordinal);

    /// <summary>Σ of <see cref="Stakes"/>, kept in step with it.</summary>
    public ulong TotalStake { get; private set; }

    public ulong StakeOf(string coldkey) => Stakes.TryGetValue(coldkey, out var stake) ? stake : 0;

    /// <summary>Adds stake; the caller has checked that neither sum overflows.</summary>
    public void Credit(string coldkey, ulong rao)
    {
        if (rao == 0) return;
        Stakes[coldkey] = StakeOf(coldkey) + rao;
        TotalStake += rao;
    }

    /// <summary>Removes stake; the caller has checked that the coldkey holds enough.</summary>
    public void Debit(string coldkey, ulong rao)
    {
        var remaining = StakeOf(coldkey) - rao;
        if (remaining == 0) Stakes.Remove(coldkey);
        else Stakes[coldkey] = remaining;
        TotalStake -= rao;
    }
}
