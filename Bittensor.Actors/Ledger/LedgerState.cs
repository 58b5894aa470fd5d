namespace Bittensor.Ledger;

/// <summary>The outcome of a command: accepted (with the uid it gave, for registrations) or refused with a reason.</summary>
public readonly record struct LedgerOutcome(LedgerError? Error, int? Uid = null)
{
    public bool Accepted => Error is null;

    public static LedgerOutcome Ok { get; } = new(null);

    public static LedgerOutcome Refuse(LedgerErrorCode code, string message) => new(new LedgerError(code, message));
}

/// <summary>
/// The chain as a pure state machine: balances, hotkeys and stake, subnets and their uids. <see cref="Apply"/> takes
/// one command and either applies all of it or refuses it with a <see cref="LedgerError"/> and changes nothing
/// (every check runs before the first write). No clock, no randomness and no Akka: the same commands give the
/// same state, and the same <see cref="StateHash"/>, on any machine.
/// </summary>
public sealed partial class LedgerState
{
    public const ushort RootNetUid = 0;
    internal const int MaxKeyLength = 128;

    private readonly SortedDictionary<string, ulong> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HotkeyAccount> _hotkeys = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ushort, SubnetState> _subnets = [];

    public LedgerState(LedgerSettings? settings = null)
    {
        Settings = settings ?? LedgerSettings.Default;
        // The root subnet exists at genesis; it takes no registrations and receives no emission here.
        _subnets[RootNetUid] = new SubnetState { NetUid = RootNetUid, Owner = "", Hyperparameters = Settings.NewSubnet };
    }

    public LedgerSettings Settings { get; }

    /// <summary>The current block.</summary>
    public ulong Block { get; private set; }

    /// <summary>All rao in existence: free balances, stake, locks and emission not yet distributed.</summary>
    public ulong TotalIssuance { get; private set; }

    /// <summary>Rao minted by block emission since genesis.</summary>
    public ulong TotalEmitted { get; private set; }

    /// <summary>Rao destroyed by burned registrations since genesis.</summary>
    public ulong TotalBurned { get; private set; }

    public IReadOnlyDictionary<ushort, SubnetState> Subnets => _subnets;

    public ulong BalanceOf(string coldkey) => _balances.TryGetValue(coldkey, out var balance) ? balance : 0;

    public HotkeyAccount? Hotkey(string hotkey) => _hotkeys.GetValueOrDefault(hotkey);

    /// <summary>The hotkey's total stake (all coldkeys), in rao.</summary>
    public ulong StakeOf(string hotkey) => _hotkeys.TryGetValue(hotkey, out var account) ? account.TotalStake : 0;

    /// <summary>The coldkey's stake on each hotkey that holds some of it, in rao, hotkeys in ordinal order.</summary>
    public IReadOnlyList<(string Hotkey, ulong StakeRao)> StakesOf(string coldkey) =>
        _hotkeys.Where(h => h.Value.StakeOf(coldkey) > 0)
            .Select(h => (h.Key, h.Value.StakeOf(coldkey)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>A subnet's hyperparameters as <see cref="HyperparametersResult"/> lists them, or null when it does not exist.</summary>
    public IReadOnlyList<(string Name, string Value)>? HyperparametersOf(ushort netUid) =>
        _subnets.TryGetValue(netUid, out var subnet)
            ? SubnetHyperparameters.Names.Select((name, k) => (name, subnet.Hyperparameters.ValueAt(k))).ToList()
            : null;

    /// <summary>Applies a command, or refuses it and changes nothing.</summary>
    public LedgerOutcome Apply(ILedgerCommand command) => command switch
    {
        AdvanceBlock => Advance(),
        Endow c => ApplyEndow(c),
        Transfer c => ApplyTransfer(c),
        CreateSubnet c => ApplyCreateSubnet(c),
        BurnedRegister c => ApplyBurnedRegister(c),
        PowRegister c => ApplyPowRegister(c),
        ServeAxon c => ApplyServeAxon(c),
        AddStake c => ApplyAddStake(c),
        RemoveStake c => ApplyRemoveStake(c),
        SetDelegateTake c => ApplySetDelegateTake(c),
        SetWeights c => ApplySetWeights(c),
        CommitWeights c => ApplyCommitWeights(c),
        RevealWeights c => ApplyRevealWeights(c),
        SetHyperparameter c => ApplySetHyperparameter(c),
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"Unknown ledger command {command.GetType().Name}.", nameof(command)),
    };

    private static LedgerError? CheckKey(string? key, string role) =>
        string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(char.IsControl)
            ? new LedgerError(LedgerErrorCode.InvalidKey, $"The {role} '{key}' is empty, longer than {MaxKeyLength} characters or contains control characters.")
            : null;

    private static LedgerOutcome Refuse(LedgerError error) => new(error);

    private LedgerOutcome? SubnetFor(ushort netUid, out SubnetState subnet, bool allowRoot = false)
    {
        if (!_subnets.TryGetValue(netUid, out subnet!))
            return LedgerOutcome.Refuse(LedgerErrorCode.SubnetNotExists, $"Subnet {netUid} does not exist.");
        if (!allowRoot && netUid == RootNetUid)
            return LedgerOutcome.Refuse(LedgerErrorCode.RegistrationNotPermittedOnRootSubnet, "The root subnet (netuid 0) takes no neurons or weights here.");
        return null;
    }
}
