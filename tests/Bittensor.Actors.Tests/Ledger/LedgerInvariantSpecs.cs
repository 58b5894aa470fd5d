using System.Globalization;
using System.Text;
using Bittensor.Ledger;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// Invariants of the ledger checked after every command of seeded random command streams
/// (<see cref="RandomLedgerCommands"/>): every rao is held somewhere (Σ holdings = total issuance), issuance is what
/// was endowed, minus what was burned, plus what was emitted, and a refused command changes nothing (same
/// <see cref="LedgerState.StateHash"/>). A failure names the seed, the command and how many of each kind were
/// accepted so far.
/// </summary>
public sealed class LedgerInvariantSpecs
{
    private const int BlocksPerSeed = 1_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_command_should_keep_holdings_equal_to_issuance_and_a_refused_one_should_change_nothing(int seed)
    {
        var run = LedgerRun.Play(seed, BlocksPerSeed);

        // Not vacuous: epochs ran on every subnet of the genesis and paid stake, and every kind of command was both
        // accepted and refused somewhere in the stream.
        for (ushort netUid = 1; netUid <= 4; netUid++)
            Assert.True(run.State.Subnets[netUid].EpochsRun > 0, $"subnet {netUid} ran no epoch. {run.Summary()}");
        var earned = run.StakeEarnedFromEpochs();
        Assert.True(earned > 0, $"no stake was paid by epochs. {run.Summary()}");
        Assert.Contains(run.Pairs, pair => run.State.Hotkey(pair.Hotkey)!.StakeOf(pair.Coldkey) > run.PrincipalOf(pair));
        foreach (var kind in new[] { nameof(AdvanceBlock), nameof(BurnedRegister), nameof(PowRegister), nameof(AddStake), nameof(RemoveStake),
                     nameof(Transfer), nameof(SetDelegateTake), nameof(SetWeights), nameof(CommitWeights), nameof(RevealWeights), nameof(ServeAxon),
                     nameof(SetHyperparameter) })
            Assert.True(run.Accepted(kind) > 0, $"no {kind} was accepted. {run.Summary()}");
        Assert.True(run.Refused > run.Commands.Count / 10, $"only {run.Refused} commands were refused. {run.Summary()}");

        // The metagraph shows the stake the accounts hold.
        foreach (var netUid in run.State.Subnets.Keys)
        {
            var metagraph = run.State.Metagraph(netUid)!;
            Assert.Equal(run.State.Subnets[netUid].Neurons.Count, metagraph.N);
            foreach (var neuron in metagraph.Neurons)
                Assert.Equal(run.State.StakeOf(neuron.Hotkey), neuron.StakeRao);
        }
    }

    [Fact]
    public void The_same_seed_should_give_the_same_state_hash_after_every_command_on_a_fresh_ledger()
    {
        var first = LedgerRun.Play(seed: 42, blocks: 300);

        // The recorded commands on a fresh ledger: the state machine alone is deterministic.
        var replay = new LedgerState();
        for (var k = 0; k < first.Commands.Count; k++)
        {
            replay.Apply(first.Commands[k]);
            var hash = replay.StateHash();
            if (hash != first.Hashes[k])
                Assert.Fail($"command #{k} ({LedgerRun.Describe(first.Commands[k])}) gave {hash} on replay, {first.Hashes[k]} first. {first.Summary()}");
        }

        // The whole stream again from the seed: the same commands, the same hashes.
        var second = LedgerRun.Play(seed: 42, blocks: 300);
        Assert.Equal(first.Commands.Count, second.Commands.Count);
        Assert.Equal(first.Hashes, second.Hashes);
        Assert.True(first.Accepted(nameof(SetWeights)) > 0 && first.Accepted(nameof(BurnedRegister)) > 0, first.Summary());
    }

    /// <summary>One seeded stream applied to a fresh ledger, with the invariants checked after each command.</summary>
    private sealed class LedgerRun
    {
        private readonly int _seed;
        private readonly RandomLedgerCommands _stream;
        private readonly SortedDictionary<string, (int Accepted, int Sent)> _counts = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Coldkey, string Hotkey), ulong> _principal = [];
        private UInt128 _endowed;
        private string _hash;

        private LedgerRun(int seed)
        {
            _seed = seed;
            _stream = new RandomLedgerCommands(seed);
            _hash = State.StateHash();
        }

        public LedgerState State { get; } = new();
        public List<ILedgerCommand> Commands { get; } = [];

        /// <summary>The state hash after each command, in order.</summary>
        public List<string> Hashes { get; } = [];

        public int Refused { get; private set; }

        /// <summary>Every (coldkey, hotkey) that has been staked by a command.</summary>
        public IEnumerable<(string Coldkey, string Hotkey)> Pairs => _principal.Keys;

        public static LedgerRun Play(int seed, int blocks)
        {
            var run = new LedgerRun(seed);
            foreach (var command in run._stream.Genesis())
                if (run.Step(command) is { Accepted: false } outcome)
                    Assert.Fail($"genesis command {Describe(command)} was refused: {outcome.Error}");
            while (run.State.Block < (ulong)blocks) run.Step(run._stream.Next(run.State));
            return run;
        }

        public int Accepted(string kind) => _counts.TryGetValue(kind, out var count) ? count.Accepted : 0;

        /// <summary>What the coldkey staked on the hotkey by commands, net of unstaking (never below zero).</summary>
        public ulong PrincipalOf((string Coldkey, string Hotkey) pair) => _principal[pair];

        /// <summary>Stake held now beyond what commands staked: what epochs paid.</summary>
        public UInt128 StakeEarnedFromEpochs()
        {
            UInt128 held = 0, principal = 0;
            foreach (var hotkey in _stream.Hotkeys) held += State.StakeOf(hotkey);
            foreach (var staked in _principal.Values) principal += staked;
            return held - principal;
        }

        public string Summary()
        {
            var text = new StringBuilder(FormattableString.Invariant(
                $"seed {_seed}, block {State.Block}, {Commands.Count} commands, {Refused} refused; accepted/sent:"));
            foreach (var (kind, (accepted, sent)) in _counts) text.Append(CultureInfo.InvariantCulture, $" {kind} {accepted}/{sent}");
            return text.ToString();
        }

        private LedgerOutcome Step(ILedgerCommand command)
        {
            var block = State.Block;
            var (emitted, burned) = (State.TotalEmitted, State.TotalBurned);
            var stakeBefore = command switch
            {
                AddStake c => State.Hotkey(c.Hotkey)?.StakeOf(c.Coldkey) ?? 0,
                RemoveStake c => State.Hotkey(c.Hotkey)?.StakeOf(c.Coldkey) ?? 0,
                _ => 0UL,
            };

            var outcome = State.Apply(command);
            _stream.Observe(command, outcome);
            Commands.Add(command);
            var kind = command.GetType().Name;
            var (accepted, sent) = _counts.GetValueOrDefault(kind);
            _counts[kind] = (accepted + (outcome.Accepted ? 1 : 0), sent + 1);
            if (!outcome.Accepted) Refused++;

            var hash = State.StateHash();
            Hashes.Add(hash);
            string Where() => $"command #{Commands.Count - 1} {Describe(command)} → {outcome.Error?.ToString() ?? "accepted"}. {Summary()}";

            if (!outcome.Accepted && hash != _hash) Assert.Fail($"a refused command changed the state hash: {Where()}");
            _hash = hash;
            if (outcome.Accepted) Track(command, stakeBefore, Where);

            var holdings = State.SumOfHoldings();
            if (holdings != State.TotalIssuance)
                Assert.Fail($"Σ holdings {holdings} ≠ total issuance {State.TotalIssuance}: {Where()}");
            var expected = _endowed + State.TotalEmitted - State.TotalBurned;
            if (expected != State.TotalIssuance)
                Assert.Fail($"endowed {_endowed} − burned {State.TotalBurned} + emitted {State.TotalEmitted} = {expected} ≠ total issuance {State.TotalIssuance}: {Where()}");
            if (State.TotalEmitted < emitted || State.TotalBurned < burned)
                Assert.Fail($"emitted or burned went down ({emitted} → {State.TotalEmitted}, {burned} → {State.TotalBurned}): {Where()}");
            var advanced = outcome.Accepted && command is AdvanceBlock;
            if (State.Block != block + (advanced ? 1UL : 0UL))
                Assert.Fail($"the block went from {block} to {State.Block}: {Where()}");
            if (advanced) CheckStakes(Where);
            return outcome;
        }

        private void Track(ILedgerCommand command, ulong stakeBefore, Func<string> where)
        {
            switch (command)
            {
                case Endow c:
                    _endowed += c.AmountRao;
                    break;
                case AddStake c:
                    _principal[(c.Coldkey, c.Hotkey)] = _principal.GetValueOrDefault((c.Coldkey, c.Hotkey)) + c.AmountRao;
                    if (State.Hotkey(c.Hotkey)!.StakeOf(c.Coldkey) != stakeBefore + c.AmountRao)
                        Assert.Fail($"staking {c.AmountRao} moved the stake from {stakeBefore} to {State.Hotkey(c.Hotkey)!.StakeOf(c.Coldkey)}: {where()}");
                    break;
                case RemoveStake c:
                    // Epoch payouts are not principal; unstaking them may take the principal below zero: count it as zero.
                    var principal = _principal.GetValueOrDefault((c.Coldkey, c.Hotkey));
                    _principal[(c.Coldkey, c.Hotkey)] = principal - Math.Min(principal, c.AmountRao);
                    if (State.Hotkey(c.Hotkey)!.StakeOf(c.Coldkey) != stakeBefore - c.AmountRao)
                        Assert.Fail($"unstaking {c.AmountRao} moved the stake from {stakeBefore} to {State.Hotkey(c.Hotkey)!.StakeOf(c.Coldkey)}: {where()}");
                    break;
                case BurnedRegister { NetUid: var netUid, Hotkey: var hotkey }:
                    CheckUid(netUid, hotkey);
                    break;
                case PowRegister { NetUid: var netUid, Hotkey: var hotkey }:
                    CheckUid(netUid, hotkey);
                    break;
            }

            void CheckUid(ushort netUid, string hotkey)
            {
                var uid = State.Subnets[netUid].UidOf(hotkey);
                if (uid < 0 || State.Subnets[netUid].Neurons[uid].Hotkey != hotkey)
                    Assert.Fail($"{hotkey} was registered but holds no uid of subnet {netUid}: {where()}");
            }
        }

        /// <summary>
        /// Each hotkey's total is the sum of its stakes, and no stake is below what was staked by commands: epochs only
        /// ever add to it.
        /// </summary>
        private void CheckStakes(Func<string> where)
        {
            foreach (var hotkey in _stream.Hotkeys)
            {
                if (State.Hotkey(hotkey) is not { } account) continue;
                ulong sum = 0;
                foreach (var stake in account.Stakes.Values) sum += stake;
                if (sum != account.TotalStake) Assert.Fail($"{hotkey}'s stakes sum to {sum}, its total is {account.TotalStake}: {where()}");
            }
            foreach (var ((coldkey, hotkey), principal) in _principal)
                if (State.Hotkey(hotkey)!.StakeOf(coldkey) < principal)
                    Assert.Fail($"{coldkey} holds {State.Hotkey(hotkey)!.StakeOf(coldkey)} on {hotkey}, less than the {principal} it staked: {where()}");
        }

        public static string Describe(ILedgerCommand command)
        {
            static string Join(ushort[]? items) => items is null ? "null" : $"[{string.Join(",", items)}]";
            return command switch
            {
                SetWeights c => $"SetWeights(netuid {c.NetUid}, {c.Hotkey}, uids {Join(c.Uids)}, values {Join(c.Values)}, version {c.VersionKey})",
                RevealWeights c => $"RevealWeights(netuid {c.NetUid}, {c.Hotkey}, uids {Join(c.Uids)}, values {Join(c.Values)}, salt {Join(c.Salt)}, version {c.VersionKey})",
                CommitWeights c => $"CommitWeights(netuid {c.NetUid}, {c.Hotkey}, {Convert.ToHexStringLower(c.CommitHash)})",
                _ => command.ToString() ?? command.GetType().Name,
            };
        }
    }
}
