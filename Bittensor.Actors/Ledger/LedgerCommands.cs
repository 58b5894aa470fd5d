namespace Bittensor.Ledger;

/// <summary>A transaction the ledger applies in full or refuses with a <see cref="LedgerError"/>.</summary>
public interface ILedgerCommand;

/// <summary>Advances the chain by one block: emission accrues and due epochs run.</summary>
public sealed record AdvanceBlock : ILedgerCommand
{
    public static AdvanceBlock Instance { get; } = new();
}

/// <summary>Mints free balance for a coldkey (genesis endowment or a faucet, counted in total issuance).</summary>
public sealed record Endow(string Coldkey, ulong AmountRao) : ILedgerCommand;

/// <summary>Moves free balance from one coldkey to another.</summary>
public sealed record Transfer(string FromColdkey, string ToColdkey, ulong AmountRao) : ILedgerCommand;

/// <summary>Creates a subnet owned by the coldkey, locking the creation cost from its balance.</summary>
public sealed record CreateSubnet(string OwnerColdkey) : ILedgerCommand;

/// <summary>Registers a hotkey on a subnet by burning the subnet's current burn price.</summary>
public sealed record BurnedRegister(ushort NetUid, string Coldkey, string Hotkey) : ILedgerCommand;

/// <summary>Registers a hotkey on a subnet with a proof of work on a recent block (see <see cref="ProofOfWork"/>).</summary>
public sealed record PowRegister(ushort NetUid, string Coldkey, string Hotkey, ulong BlockNumber, ulong Nonce) : ILedgerCommand;

/// <summary>Publishes the endpoint of a registered neuron's axon.</summary>
public sealed record ServeAxon(ushort NetUid, string Hotkey, string Ip, int Port) : ILedgerCommand;

/// <summary>Stakes free balance of the coldkey on a hotkey (its own, or a delegate's).</summary>
public sealed record AddStake(string Coldkey, string Hotkey, ulong AmountRao) : ILedgerCommand;

/// <summary>Returns stake of the coldkey on a hotkey to its free balance.</summary>
public sealed record RemoveStake(string Coldkey, string Hotkey, ulong AmountRao) : ILedgerCommand;

/// <summary>Sets the share of its nominators' dividends a hotkey keeps (u16; 11796 ≈ 18% by default).</summary>
public sealed record SetDelegateTake(string Coldkey, string Hotkey, ushort Take) : ILedgerCommand;

/// <summary>Sets a validator's weights: uids and their relative values, quantised and stored as the chain does.</summary>
public sealed record SetWeights(ushort NetUid, string Hotkey, ushort[] Uids, ushort[] Values, ulong VersionKey) : ILedgerCommand;

/// <summary>Commits the hash of weights to reveal one epoch later (commit-reveal subnets).</summary>
public sealed record CommitWeights(ushort NetUid, string Hotkey, byte[] CommitHash) : ILedgerCommand;

/// <summary>Reveals committed weights; they must hash (with the salt) to the commit.</summary>
public sealed record RevealWeights(ushort NetUid, string Hotkey, ushort[] Uids, ushort[] Values, ushort[] Salt, ulong VersionKey) : ILedgerCommand;

/// <summary>Changes one hyperparameter of a subnet (owner only), by its snake_case name.</summary>
public sealed record SetHyperparameter(ushort NetUid, string OwnerColdkey, string Name, string Value) : ILedgerCommand;
