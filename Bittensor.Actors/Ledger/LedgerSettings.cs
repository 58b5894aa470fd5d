namespace Bittensor.Ledger;

/// <summary>Chain-wide constants of a ledger (not per subnet).</summary>
public sealed record LedgerSettings
{
    /// <summary>Rao minted per block and shared by the subnets (1 TAO, the chain's rate before its first halving).</summary>
    public ulong BlockEmissionRao { get; init; } = 1_000_000_000;

    /// <summary>Rao a coldkey locks to create a subnet (the chain's network_min_lock).</summary>
    public ulong SubnetLockRao { get; init; } = 100_000_000_000;

    /// <summary>Most subnets, the root included.</summary>
    public int MaxSubnets { get; init; } = 128;

    /// <summary>Hyperparameters of newly created subnets.</summary>
    public SubnetHyperparameters NewSubnet { get; init; } = SubnetHyperparameters.Default;

    /// <summary>A delegate's take of its nominators' dividends until it sets one (11796 of 65535 ≈ 18%).</summary>
    public ushort DefaultDelegateTake { get; init; } = 11796;

    /// <summary>The largest take a delegate may set (the chain's MaxDelegateTake, 11796 of 65535 ≈ 18%).</summary>
    public ushort MaxDelegateTake { get; init; } = 11796;

    /// <summary>Blocks back a proof of work may refer to (the chain accepts the last three).</summary>
    public ulong PowBlockWindow { get; init; } = 3;

    public static LedgerSettings Default { get; } = new();
}
