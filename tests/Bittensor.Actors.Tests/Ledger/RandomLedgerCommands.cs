using System.Globalization;
using Bittensor.Ledger;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// A seeded stream of ledger commands for the invariant specs: a genesis (coldkeys endowed, four subnets with small
/// tempos, commit-reveal off on three and on for one, cheap registration) and then a random mix of every command,
/// with <see cref="AdvanceBlock"/> interleaved. Commands are drawn from what the ledger holds now (its registered
/// hotkeys, their permits, stakes and pending commits), so that many are accepted, and are deliberately wrong often
/// enough (foreign keys, too much, bad uids, wrong salts, bad values) that many are refused. The same seed against
/// the same ledger gives the same commands.
/// </summary>
internal sealed class RandomLedgerCommands
{
    public const ulong Endowment = 10_000_000_000_000; // 10,000 TAO per coldkey
    private const int ColdkeyCount = 5;
    private const int HotkeysPerColdkey = 10;

    /// <summary>The subnet that takes weights by commit and reveal.</summary>
    public const ushort CommitRevealNetUid = 4;

    /// <summary>The subnet whose difficulty is low enough to solve proofs of work in a test.</summary>
    public const ushort ProofOfWorkNetUid = 3;

    private readonly Random _random;
    private readonly List<PendingReveal> _pending = [];
    private PendingReveal? _committing;

    public RandomLedgerCommands(int seed)
    {
        _random = new Random(seed);
        Coldkeys = Enumerable.Range(0, ColdkeyCount).Select(c => $"cold-{c}").ToArray();
        Hotkeys = Coldkeys.SelectMany(c => Enumerable.Range(0, HotkeysPerColdkey).Select(k => $"hot-{c[5..]}-{k}")).ToArray();
    }

    public IReadOnlyList<string> Coldkeys { get; }

    /// <summary>Every hotkey name the stream uses (not all get registered).</summary>
    public IReadOnlyList<string> Hotkeys { get; }

    /// <summary>The commands that set up the chain; every one of them must be accepted.</summary>
    public IReadOnlyList<ILedgerCommand> Genesis()
    {
        var commands = new List<ILedgerCommand>();
        commands.AddRange(Coldkeys.Select(c => new Endow(c, Endowment)));
        // Netuids 1 to 4, in this order, on a fresh ledger.
        string[] owners = [Coldkeys[0], Coldkeys[1], Coldkeys[2], Coldkeys[0]];
        commands.AddRange(owners.Select(o => new CreateSubnet(o)));
        for (ushort netUid = 1; netUid <= 4; netUid++)
        {
            var owner = owners[netUid - 1];
            void Set(string name, object value) =>
                commands.Add(new SetHyperparameter(netUid, owner, name, Convert.ToString(value, CultureInfo.InvariantCulture)!));
            Set("tempo", _random.Next(3, 21));
            Set("commit_reveal_enabled", netUid == CommitRevealNetUid ? "true" : "false");
            Set("weights_rate_limit", _random.Next(0, 4));
            Set("min_burn", 1_000);
            Set("burn", _random.Next(1_000_000, 10_000_000));
            Set("max_regs_per_block", 3);
            Set("target_regs_per_interval", 4);
            Set("adjustment_interval", _random.Next(20, 101));
            Set("immunity_period", _random.Next(5, 41));
            Set("activity_cutoff_blocks", 500);
        }
        // Variety: a small subnet that prunes, liquid alpha, plain Yuma, and one whose proofs of work are cheap.
        commands.Add(new SetHyperparameter(2, owners[1], "max_allowed_uids", "12"));
        commands.Add(new SetHyperparameter(2, owners[1], "liquid_alpha_enabled", "true"));
        commands.Add(new SetHyperparameter(3, owners[2], "yuma3_enabled", "false"));
        commands.Add(new SetHyperparameter(ProofOfWorkNetUid, owners[2], "min_difficulty", "1"));
        commands.Add(new SetHyperparameter(ProofOfWorkNetUid, owners[2], "max_difficulty", "16"));
        commands.Add(new SetHyperparameter(ProofOfWorkNetUid, owners[2], "difficulty", "4"));
        commands.Add(new SetHyperparameter(CommitRevealNetUid, owners[3], "max_allowed_validators", "8"));
        return commands;
    }

    /// <summary>The next command, drawn from the ledger as it is now.</summary>
    public ILedgerCommand Next(LedgerState state)
    {
        _committing = null;
        var roll = _random.Next(100);
        return roll switch
        {
            < 28 => AdvanceBlock.Instance,
            < 48 => SetWeights(state),
            < 58 => AddStake(state),
            < 66 => BurnedRegister(state),
            < 71 => RemoveStake(state),
            < 75 => Transfer(state),
            < 80 => Commit(state),
            < 86 => Reveal(state),
            < 89 => ServeAxon(state),
            < 94 => SetHyperparameter(state),
            < 96 => SetDelegateTake(state),
            < 98 => PowRegister(state),
            < 99 => Endow(),
            _ => CreateSubnet(state),
        };
    }

    /// <summary>Tells the stream what the ledger did with its last command (it keeps the salts of accepted commits).</summary>
    public void Observe(ILedgerCommand command, LedgerOutcome outcome)
    {
        switch (command)
        {
            case CommitWeights when outcome.Accepted && _committing is { } committed:
                _pending.RemoveAll(p => p.NetUid == committed.NetUid && p.Hotkey == committed.Hotkey);
                _pending.Add(committed);
                break;
            case RevealWeights reveal when outcome.Accepted
                || outcome.Error?.Code is LedgerErrorCode.NoWeightsCommitFound or LedgerErrorCode.ExpiredWeightCommit:
                _pending.RemoveAll(p => p.NetUid == reveal.NetUid && p.Hotkey == reveal.Hotkey);
                break;
        }
    }

    // == Accounts ==

    private Endow Endow() =>
        new(Chance(0.1) ? "cold-new" : Pick(Coldkeys), Chance(0.05) ? 0 : (ulong)_random.NextInt64(1, 1_000_000_000_000));

    private Transfer Transfer(LedgerState state)
    {
        var from = Pick(Coldkeys);
        var to = Chance(0.1) ? "cold-new" : Pick(Coldkeys);
        return new Transfer(from, to, Amount(state.BalanceOf(from)));
    }

    private AddStake AddStake(LedgerState state)
    {
        var coldkey = Pick(Coldkeys);
        var roll = _random.NextDouble();
        var own = Hotkeys.Where(h => state.Hotkey(h)?.Owner == coldkey).ToList();
        var known = Hotkeys.Where(h => state.Hotkey(h) is not null).ToList();
        var hotkey = roll < 0.6 && own.Count > 0 ? Pick(own)
            : roll < 0.9 && known.Count > 0 ? Pick(known)
            : Pick(Hotkeys);
        return new AddStake(coldkey, hotkey, Amount(state.BalanceOf(coldkey) / 5));
    }

    private RemoveStake RemoveStake(LedgerState state)
    {
        var staked = Hotkeys
            .SelectMany(h => state.Hotkey(h)?.Stakes.Keys.Select(c => (Coldkey: c, Hotkey: h)) ?? [])
            .Where(s => Coldkeys.Contains(s.Coldkey))
            .ToList();
        if (staked.Count == 0 || Chance(0.1)) return new RemoveStake(Pick(Coldkeys), Pick(Hotkeys), (ulong)_random.NextInt64(0, 1_000_000_000));
        var (coldkey, hotkey) = Pick(staked);
        var stake = state.Hotkey(hotkey)!.StakeOf(coldkey);
        return new RemoveStake(coldkey, hotkey, Chance(0.25) ? stake : Amount(stake));
    }

    private SetDelegateTake SetDelegateTake(LedgerState state)
    {
        var hotkey = Pick(Hotkeys);
        var owner = state.Hotkey(hotkey)?.Owner;
        return new SetDelegateTake(owner is not null && Chance(0.8) ? owner : Pick(Coldkeys), hotkey, (ushort)_random.Next(0, 65536));
    }

    /// <summary>Mostly a share of what is available, sometimes more than that, sometimes nothing.</summary>
    private ulong Amount(ulong available)
    {
        if (Chance(0.05)) return 0;
        if (available == 0 || Chance(0.1)) return (ulong)_random.NextInt64(1, 1_000_000_000_000) + available;
        return (ulong)_random.NextInt64(1, (long)Math.Min(available, (ulong)long.MaxValue - 1) + 1);
    }

    // == Subnets and registration ==

    /// <summary>A few more subnets (default tempo and commit-reveal on) up to seven, then only refused attempts.</summary>
    private CreateSubnet CreateSubnet(LedgerState state) =>
        new(state.Subnets.Count < 7 && Chance(0.5) ? Pick(Coldkeys) : "cold-without-balance");

    private BurnedRegister BurnedRegister(LedgerState state)
    {
        var (coldkey, hotkey) = Registrant(state);
        return new BurnedRegister(PickNetUid(state), coldkey, hotkey);
    }

    private PowRegister PowRegister(LedgerState state)
    {
        var (coldkey, hotkey) = Registrant(state);
        var netUid = Chance(0.8) ? ProofOfWorkNetUid : PickNetUid(state);
        var block = Chance(0.9) ? state.Block : state.Block + (ulong)_random.Next(1, 5);
        var difficulty = state.Subnets.TryGetValue(netUid, out var subnet) ? subnet.Hyperparameters.Difficulty : 1;
        var nonce = difficulty <= 1_000 && Chance(0.85)
            ? ProofOfWork.Solve(block, difficulty, start: (ulong)_random.Next())
            : (ulong)_random.NextInt64();
        return new PowRegister(netUid, coldkey, hotkey, block, nonce);
    }

    /// <summary>Usually a coldkey and one of its own hotkeys (or one nobody owns yet); sometimes someone else's.</summary>
    private (string Coldkey, string Hotkey) Registrant(LedgerState state)
    {
        var coldkey = Pick(Coldkeys);
        if (Chance(0.2)) return (coldkey, Pick(Hotkeys));
        var candidates = Hotkeys.Where(h => state.Hotkey(h) is null ? h[4] == coldkey[5] : state.Hotkey(h)!.Owner == coldkey).ToList();
        return (coldkey, candidates.Count > 0 ? Pick(candidates) : Pick(Hotkeys));
    }

    private ServeAxon ServeAxon(LedgerState state)
    {
        var netUid = PickNetUid(state);
        var hotkey = RegisteredOn(state, netUid, preferPermit: false) ?? Pick(Hotkeys);
        var ip = _random.Next(10) switch
        {
            0 => "not-an-ip",
            1 => "::1",
            _ => $"10.0.{_random.Next(256)}.{_random.Next(256)}",
        };
        var port = Chance(0.1) ? _random.Next(-5, 1) : _random.Next(1, 65536);
        return new ServeAxon(netUid, hotkey, ip, port);
    }

    private SetHyperparameter SetHyperparameter(LedgerState state)
    {
        var netUid = PickNetUid(state);
        var owner = state.Subnets.TryGetValue(netUid, out var subnet) && Chance(0.85) ? subnet.Owner : Pick(Coldkeys);
        var (name, value) = _random.Next(26) switch
        {
            0 or 1 => ("tempo", Chance(0.05) ? "0" : Text(_random.Next(3, 21))),
            2 => ("weights_rate_limit", Text(_random.Next(0, 9))),
            3 => ("max_weight_limit", Chance(0.5) ? "65535" : Text(_random.Next(20_000, 65_536))),
            4 => ("min_allowed_weights", Text(_random.Next(0, 5))),
            5 => ("max_allowed_uids", Text(_random.Next(6, 41))),
            6 => ("immunity_period", Text(_random.Next(0, 61))),
            7 => ("max_regs_per_block", Text(_random.Next(1, 5))),
            8 => ("burn", Text(_random.Next(500_000, 50_000_000))),
            9 => ("kappa", Text(_random.Next(0, 65_536))),
            10 => ("bonds_moving_average", Text(_random.Next(0, 1_000_001))),
            11 => ("yuma3_enabled", Chance(0.5) ? "true" : "false"),
            12 => ("liquid_alpha_enabled", Chance(0.5) ? "true" : "false"),
            13 => (Chance(0.5) ? "alpha_low" : "alpha_high", Text(_random.Next(0, 65_536))),
            14 => ("activity_cutoff_blocks", Text(_random.Next(10, 1_001))),
            15 => ("stake_threshold", Chance(0.7) ? "0" : "1000000000"),
            16 => ("max_allowed_validators", Text(_random.Next(1, 65))),
            17 => ("commit_reveal_enabled", Chance(0.5) ? "true" : "false"),
            18 => ("reveal_period_epochs", Text(_random.Next(1, 3))),
            19 => ("subnet_owner_cut", Text(_random.Next(0, 65_536))),
            20 => ("consensus", Chance(0.5) ? "yuma" : "yc1"),
            21 => ("bonds_penalty", Text(_random.Next(0, 65_536))),
            22 => ("difficulty", Text(_random.Next(1, 17))),
            23 => ("max_burn", Chance(0.5) ? "100" : "100000000000"),
            24 => ("no_such_parameter", "1"),
            _ => (Pick(SubnetHyperparameters.Names), Pick(["-1", "x", "", "99999999999999999999999", "true"])),
        };
        return new SetHyperparameter(netUid, owner, name, value);
    }

    // == Weights ==

    private SetWeights SetWeights(LedgerState state)
    {
        var netUid = PickNetUid(state);
        var hotkey = RegisteredOn(state, netUid, preferPermit: true) ?? Pick(Hotkeys);
        var n = state.Subnets.TryGetValue(netUid, out var subnet) ? subnet.Neurons.Count : 4;
        var (uids, values) = Row(n, subnet?.UidOf(hotkey) ?? -1, malformed: Chance(0.15));
        return new SetWeights(netUid, hotkey, uids, values, Chance(0.97) ? 0UL : (ulong)_random.Next(1, 10));
    }

    private CommitWeights Commit(LedgerState state)
    {
        var netUid = Chance(0.85) ? CommitRevealNetUid : PickNetUid(state);
        var hotkey = RegisteredOn(state, netUid, preferPermit: true) ?? Pick(Hotkeys);
        var n = state.Subnets.TryGetValue(netUid, out var subnet) ? subnet.Neurons.Count : 4;
        var (uids, values) = Row(n, subnet?.UidOf(hotkey) ?? -1, malformed: Chance(0.1));
        var salt = Enumerable.Range(0, 4).Select(_ => (ushort)_random.Next(65_536)).ToArray();
        _committing = new PendingReveal(netUid, hotkey, uids, values, salt, 0);
        var hash = WeightsCommitHash.Compute(hotkey, netUid, uids, values, salt, 0);
        return new CommitWeights(netUid, hotkey, Chance(0.03) ? hash[..16] : hash);
    }

    private RevealWeights Reveal(LedgerState state)
    {
        // Mostly a commit that is in its reveal epoch now; sometimes one too early or too late, or none at all.
        var due = _pending.Where(p => state.Subnets.TryGetValue(p.NetUid, out var subnet)
            && subnet.Commits.TryGetValue(p.Hotkey, out var commit)
            && subnet.EpochsRun == commit.Epoch + (ulong)subnet.Hyperparameters.RevealPeriodEpochs).ToList();
        var chosen = due.Count > 0 && Chance(0.85) ? Pick(due) : _pending.Count > 0 && Chance(0.8) ? Pick(_pending) : null;
        if (chosen is null)
        {
            var hotkey = RegisteredOn(state, CommitRevealNetUid, preferPermit: false) ?? Pick(Hotkeys);
            return new RevealWeights(CommitRevealNetUid, hotkey, [0], [1], [1, 2, 3, 4], 0);
        }
        var salt = Chance(0.1) ? chosen.Salt.Select(s => (ushort)(s ^ 1)).ToArray() : chosen.Salt;
        return new RevealWeights(chosen.NetUid, chosen.Hotkey, chosen.Uids, chosen.Values, salt, chosen.VersionKey);
    }

    /// <summary>
    /// A weights row for a subnet of n uids: distinct uids in random order (the whole subnet, a part of it, or only
    /// the validator itself) with random values; malformed rows repeat a uid, name one out of range or disagree in
    /// length.
    /// </summary>
    private (ushort[] Uids, ushort[] Values) Row(int n, int self, bool malformed)
    {
        ushort[] uids;
        if (self >= 0 && Chance(0.1)) uids = [(ushort)self];
        else
        {
            var all = Enumerable.Range(0, Math.Max(n, 1)).Select(u => (ushort)u).ToArray();
            _random.Shuffle(all);
            uids = all[..(Chance(0.5) ? all.Length : _random.Next(1, all.Length + 1))];
        }
        var values = uids.Select(_ => (ushort)(Chance(0.1) ? 0 : _random.Next(65_536))).ToArray();
        if (!malformed) return (uids, values);
        return _random.Next(3) switch
        {
            0 => ([.. uids, uids[0]], [.. values, 1]),
            1 => ([.. uids[..^1], (ushort)(n + _random.Next(0, 3))], values),
            _ => (uids, [.. values, 7]),
        };
    }

    /// <summary>A hotkey registered on the subnet (with a permit, when asked and one has it), or null.</summary>
    private string? RegisteredOn(LedgerState state, ushort netUid, bool preferPermit)
    {
        if (!state.Subnets.TryGetValue(netUid, out var subnet) || subnet.Neurons.Count == 0) return null;
        if (preferPermit && Chance(0.8))
        {
            var permitted = subnet.Neurons.Where(n => n.ValidatorPermit).ToList();
            if (permitted.Count > 0) return Pick(permitted).Hotkey;
        }
        return Pick(subnet.Neurons).Hotkey;
    }

    /// <summary>Mostly a subnet that exists and takes neurons; sometimes the root or one that does not exist.</summary>
    private ushort PickNetUid(LedgerState state)
    {
        if (Chance(0.03)) return Chance(0.5) ? LedgerState.RootNetUid : (ushort)99;
        var netUids = state.Subnets.Keys.Where(k => k != LedgerState.RootNetUid).ToList();
        return netUids.Count == 0 ? (ushort)1 : Pick(netUids);
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record PendingReveal(ushort NetUid, string Hotkey, ushort[] Uids, ushort[] Values, ushort[] Salt, ulong VersionKey);
}
