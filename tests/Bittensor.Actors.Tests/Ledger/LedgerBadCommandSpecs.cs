using Bittensor.Ledger;
using static Bittensor.Ledger.LedgerErrorCode;
using static Bittensor.Tests.Ledger.LedgerFixture;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// Every way a command can be refused: each row prepares a state from <see cref="LedgerFixture.ValidatedSubnet"/>
/// (subnet 1, validator uid 0 with a permit, miner uid 1), applies one bad command and checks the exact code, a
/// message, and that the refusal left the state hash, the holdings and the issuance as they were.
/// </summary>
public sealed class LedgerBadCommandSpecs
{
    private const ushort Net = 1;
    private const string Pauper = "pauper-cold";
    private const string NewHot = "new-hot";
    private static readonly string Miner = MinerHot(1);

    private sealed record Case(LedgerErrorCode Expected, Func<LedgerFixture, ILedgerCommand> Prepare);

    // Rows are looked up by name so that the theory data stays serializable and each row shows up as its own test.
    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Subnets: unknown, and the root subnet (netuid 0), which takes no neurons, weights or hyperparameters here.
        ["register on an unknown subnet"] = new(SubnetNotExists, f => new BurnedRegister(9, MinerCold, NewHot)),
        ["weights on an unknown subnet"] = new(SubnetNotExists, f => new SetWeights(9, ValidatorHot, [1], [1], 0)),
        ["hyperparameter of an unknown subnet"] = new(SubnetNotExists, f => new SetHyperparameter(9, Owner, "tempo", "3")),
        ["register on the root subnet"] = new(RegistrationNotPermittedOnRootSubnet, f => EndowBurn(f, new BurnedRegister(0, MinerCold, NewHot))),
        ["weights on the root subnet"] = new(RegistrationNotPermittedOnRootSubnet, f => new SetWeights(0, ValidatorHot, [0], [1], 0)),
        ["hyperparameter of the root subnet"] = new(RegistrationNotPermittedOnRootSubnet, f => new SetHyperparameter(0, "", "tempo", "3")),
        ["subnet beyond the subnet limit"] = new(TooManySubnets, f =>
        {
            while (f.Ledger.Subnets.Count < f.Ledger.Settings.MaxSubnets) f.CreateSubnet(Owner);
            f.Endow(Owner, f.Ledger.Settings.SubnetLockRao);
            return new CreateSubnet(Owner);
        }),

        // Hotkeys: never seen, or owned by another coldkey.
        ["stake on an unknown hotkey"] = new(HotKeyAccountNotExists, f => new AddStake(ValidatorCold, "ghost-hot", 1)),
        ["unstake from an unknown hotkey"] = new(HotKeyAccountNotExists, f => new RemoveStake(ValidatorCold, "ghost-hot", 1)),
        ["delegate take of an unknown hotkey"] = new(HotKeyAccountNotExists, f => new SetDelegateTake(ValidatorCold, "ghost-hot", 100)),
        ["register another coldkey's hotkey"] = new(NonAssociatedColdKey, f =>
        {
            var second = f.CreateSubnet(Owner);
            return EndowBurn(f, new BurnedRegister(second, MinerCold, ValidatorHot));
        }),
        ["delegate take of another coldkey's hotkey"] = new(NonAssociatedColdKey, f => new SetDelegateTake(MinerCold, ValidatorHot, 100)),
        ["delegate take above the maximum"] = new(DelegateTakeTooHigh, f =>
            new SetDelegateTake(ValidatorCold, ValidatorHot, (ushort)(f.Ledger.Settings.MaxDelegateTake + 1))),
        ["axon of an unregistered hotkey"] = new(HotKeyNotRegisteredInSubNet, f => new ServeAxon(Net, "ghost-hot", "10.0.0.1", 8091)),

        // Balances and stake.
        ["transfer above the balance"] = new(NotEnoughBalance, f => After(f.Endow(Pauper, 5), new Transfer(Pauper, MinerCold, 6))),
        ["stake above the balance"] = new(NotEnoughBalance, f => After(f.Endow(Pauper, 5), new AddStake(Pauper, ValidatorHot, 6))),
        ["burned register without the burn"] = new(NotEnoughBalance, f =>
            After(f.Endow(Pauper, f.Ledger.Subnets[Net].Hyperparameters.Burn - 1), new BurnedRegister(Net, Pauper, NewHot))),
        ["create a subnet without the lock"] = new(NotEnoughBalance, f =>
            After(f.Endow(Pauper, f.Ledger.Settings.SubnetLockRao - 1), new CreateSubnet(Pauper))),
        ["unstake above the stake"] = new(NotEnoughStakeToWithdraw, f => new RemoveStake(ValidatorCold, ValidatorHot, f.StakeOn(ValidatorCold, ValidatorHot) + 1)),
        ["unstake another coldkey's stake"] = new(NotEnoughStakeToWithdraw, f => new RemoveStake(MinerCold, ValidatorHot, 1)),
        ["transfer of zero"] = new(AmountTooLow, f => new Transfer(ValidatorCold, MinerCold, 0)),
        ["stake of zero"] = new(AmountTooLow, f => new AddStake(ValidatorCold, ValidatorHot, 0)),
        ["unstake of zero"] = new(AmountTooLow, f => new RemoveStake(ValidatorCold, ValidatorHot, 0)),
        ["endow of zero"] = new(AmountTooLow, f => new Endow(Pauper, 0)),
        ["endow of u64 max"] = new(ArithmeticOverflow, f => new Endow(Pauper, ulong.MaxValue)),
        // Issuance bounds every balance, so no transfer or stake can overflow one; the edge is issuance itself.
        ["endow past a total issuance at u64 max"] = new(ArithmeticOverflow, f =>
            After(f.Endow(Pauper, ulong.MaxValue - f.Ledger.TotalIssuance), new Endow(MinerCold, 1))),
        ["block emission past a total issuance at u64 max"] = new(ArithmeticOverflow, f =>
            After(f.Endow(Pauper, ulong.MaxValue - f.Ledger.TotalIssuance), AdvanceBlock.Instance)),

        // Keys: empty, control characters, longer than 128 characters.
        ["empty coldkey"] = new(InvalidKey, f => new Endow("", 1)),
        ["coldkey with a control character"] = new(InvalidKey, f => new Transfer(ValidatorCold, "line\nbreak", 1)),
        ["hotkey with a control character"] = new(InvalidKey, f => EndowBurn(f, new BurnedRegister(Net, MinerCold, "tab\thot"))),
        ["coldkey of 129 characters"] = new(InvalidKey, f => new Endow(new string('k', 129), 1)),

        // Registration.
        ["hotkey already registered"] = new(HotKeyAlreadyRegisteredInSubNet, f => EndowBurn(f, new BurnedRegister(Net, ValidatorCold, ValidatorHot))),
        ["second registration in one block"] = new(TooManyRegistrationsThisBlock, f =>
        {
            f.Set(Net, "max_regs_per_block", "1").Register(Net, MinerCold, "first-hot");
            return EndowBurn(f, new BurnedRegister(Net, MinerCold, NewHot));
        }),
        ["full subnet of immune uids"] = new(AllNeuronsImmune, f =>
            EndowBurn(f.Set(Net, "max_allowed_uids", "2"), new BurnedRegister(Net, MinerCold, NewHot))),
        // Difficulty 1 accepts every seal, so only the block number is wrong.
        ["pow for a block older than the window"] = new(InvalidWorkBlock, f =>
        {
            f.Set(Net, "difficulty", "1").StepBlocks(3);
            return new PowRegister(Net, MinerCold, NewHot, f.Ledger.Block - f.Ledger.Settings.PowBlockWindow, 0);
        }),
        ["pow for a future block"] = new(InvalidWorkBlock, f =>
            After(f.Set(Net, "difficulty", "1"), new PowRegister(Net, MinerCold, NewHot, f.Ledger.Block + 1, 0))),
        ["pow whose seal misses the difficulty"] = new(InvalidDifficulty, f =>
        {
            var block = f.Ledger.Block;
            var difficulty = f.Ledger.Subnets[Net].Hyperparameters.Difficulty;
            var nonce = 0UL;
            while (ProofOfWork.MeetsDifficulty(ProofOfWork.Seal(nonce, ProofOfWork.BlockHash(block)), difficulty)) nonce++;
            return new PowRegister(Net, MinerCold, NewHot, block, nonce);
        }),

        // Axon endpoints.
        ["axon with an invalid ip"] = new(InvalidAxonEndpoint, f => new ServeAxon(Net, ValidatorHot, "not-an-ip", 8091)),
        ["axon on port 0"] = new(InvalidAxonEndpoint, f => new ServeAxon(Net, ValidatorHot, "10.0.0.1", 0)),

        // set_weights, in the order of the chain's checks (yuma-spec §4.1).
        ["weights of unequal lengths"] = new(WeightVecNotEqualSize, f => new SetWeights(Net, ValidatorHot, [0, 1], [1], 0)),
        ["more weights than uids"] = new(TooManyUids, f => new SetWeights(Net, ValidatorHot, [0, 1, 2], [1, 1, 1], 0)),
        ["weights from an unregistered hotkey"] = new(HotKeyNotRegisteredInSubNet, f => new SetWeights(Net, "ghost-hot", [1], [1], 0)),
        ["weights with stake below the threshold"] = new(NotEnoughStakeToSetWeights, f =>
            After(f.Set(Net, "stake_threshold", $"{10 * ValidatorStake}"), new SetWeights(Net, ValidatorHot, [1], [1], 0))),
        ["weights with a stale version key"] = new(IncorrectWeightVersionKey, f =>
            After(f.Set(Net, "weights_version", "5"), new SetWeights(Net, ValidatorHot, [1], [1], 4))),
        ["weights before the rate limit passed"] = new(SettingWeightsTooFast, f =>
        {
            f.SetWeights(Net, ValidatorHot, [1], [1]).Set(Net, "weights_rate_limit", "100");
            return new SetWeights(Net, ValidatorHot, [1], [2], 0);
        }),
        ["non-self weights without a permit"] = new(NeuronNoValidatorPermit, f => new SetWeights(Net, Miner, [0, 1], [1, 1], 0)),
        ["duplicate uids"] = new(DuplicateUids, f => new SetWeights(Net, ValidatorHot, [1, 1], [1, 1], 0)),
        ["uid out of range"] = new(UidVecContainInvalidOne, f => new SetWeights(Net, ValidatorHot, [0, 7], [1, 1], 0)),
        ["fewer weights than min_allowed_weights"] = new(WeightVecLengthIsLow, f =>
            After(f.Set(Net, "min_allowed_weights", "2"), new SetWeights(Net, ValidatorHot, [1], [1], 0))),
        ["weight above max_weight_limit"] = new(MaxWeightExceeded, f =>
            After(f.Set(Net, "max_weight_limit", "40000"), new SetWeights(Net, ValidatorHot, [0, 1], [100, 65535], 0))),

        // Commit-reveal.
        ["set_weights on a commit-reveal subnet"] = new(CommitRevealEnabled, f =>
            After(f.Set(Net, "commit_reveal_enabled", "true"), new SetWeights(Net, ValidatorHot, [1], [1], 0))),
        ["commit on a subnet without commit-reveal"] = new(CommitRevealDisabled, f => new CommitWeights(Net, ValidatorHot, Hash([1], [1]))),
        ["reveal on a subnet without commit-reveal"] = new(CommitRevealDisabled, f => Reveal([1], [1])),
        ["commit from an unregistered hotkey"] = new(HotKeyNotRegisteredInSubNet, f =>
            After(f.Set(Net, "commit_reveal_enabled", "true"), new CommitWeights(Net, "ghost-hot", Hash([1], [1])))),
        ["commit that is not a 32-byte hash"] = new(InvalidRevealCommitHashNotMatch, f =>
            After(f.Set(Net, "commit_reveal_enabled", "true"), new CommitWeights(Net, ValidatorHot, new byte[31]))),
        ["second commit while one is pending"] = new(CommitAlreadyPending, f =>
            After(Committed(f, [1], [1]), new CommitWeights(Net, ValidatorHot, Hash([1], [2])))),
        ["reveal without a commit"] = new(NoWeightsCommitFound, f => After(f.Set(Net, "commit_reveal_enabled", "true"), Reveal([1], [1]))),
        ["reveal in the commit's own epoch"] = new(RevealTooEarly, f => After(Committed(f, [1], [1]), Reveal([1], [1]))),
        // The commit stays after its reveal epoch, as on the chain, so a late reveal is told it is late.
        ["reveal after its reveal epoch"] = new(ExpiredWeightCommit, f => After(Committed(f, [1], [1]).StepEpochs(Net, 2), Reveal([1], [1]))),
        ["reveal after the owner shortened the reveal period"] = new(ExpiredWeightCommit, f =>
        {
            Committed(f.Set(Net, "reveal_period_epochs", "3"), [1], [1]).StepEpochs(Net, 2).Set(Net, "reveal_period_epochs", "1");
            return Reveal([1], [1]);
        }),
        ["reveal that does not match its commit"] = new(InvalidRevealCommitHashNotMatch, f =>
            After(Committed(f, [1], [1]).StepEpochs(Net, 1), Reveal([1], [2]))),

        // Hyperparameters.
        ["hyperparameter set by a non-owner"] = new(NotSubnetOwner, f => new SetHyperparameter(Net, ValidatorCold, "tempo", "3")),
        ["unknown hyperparameter"] = new(UnknownHyperparameter, f => new SetHyperparameter(Net, Owner, "tempoo", "3")),
        ["kappa of 70000"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "kappa", "70000")),
        ["alpha_low above alpha_high"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "alpha_low", "60000")),
        ["bonds_moving_average of 2000000"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "bonds_moving_average", "2000000")),
        ["tempo of abc"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "tempo", "abc")),
        ["negative immunity_period"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "immunity_period", "-1")),
        ["max_allowed_uids of 0"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "max_allowed_uids", "0")),
        ["min_burn above max_burn"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "min_burn", "200000000000")),
        ["commit_reveal_enabled of yes"] = new(InvalidHyperparameterValue, f => new SetHyperparameter(Net, Owner, "commit_reveal_enabled", "yes")),
    };

    public static TheoryData<string, LedgerErrorCode> Rows()
    {
        var rows = new TheoryData<string, LedgerErrorCode>();
        foreach (var (name, row) in Cases) rows.Add(name, row.Expected);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Ledger_should_refuse_and_change_nothing_when_the_command_is_bad(string name, LedgerErrorCode expected)
    {
        var fixture = ValidatedSubnet();
        var command = Cases[name].Prepare(fixture);
        var ledger = fixture.Ledger;
        var (hash, holdings, issuance) = (ledger.StateHash(), ledger.SumOfHoldings(), ledger.TotalIssuance);

        var outcome = ledger.Apply(command);

        Assert.False(outcome.Accepted, $"{command} was accepted");
        Assert.Equal(expected, outcome.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error.Message));
        Assert.Null(outcome.Uid);
        Assert.Equal(hash, ledger.StateHash());
        Assert.Equal(holdings, ledger.SumOfHoldings());
        Assert.Equal(issuance, ledger.TotalIssuance);
    }

    [Fact]
    public void Table_should_cover_every_error_code_when_codes_are_added()
    {
        var covered = Cases.Values.Select(c => c.Expected).ToHashSet();
        // The faucet's limit is the ledger actor's, not a rule of the state machine: LedgerActorSpecs covers it.
        covered.Add(LedgerErrorCode.FaucetRefused);
        var missing = Enum.GetValues<LedgerErrorCode>().Except(covered).ToArray();
        Assert.True(missing.Length == 0, $"No row refuses with {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Unknown_hyperparameter_should_list_the_valid_names_when_refused()
    {
        var fixture = ValidatedSubnet();

        var error = fixture.Ledger.Apply(new SetHyperparameter(Net, Owner, "tempoo", "3")).Error!;

        Assert.Contains("tempoo", error.Message);
        Assert.All(SubnetHyperparameters.Names, valid => Assert.Contains(valid, error.Message));
    }

    /// <summary>Endows the coldkey with the burn so that a registration fails for its own reason, not for money.</summary>
    private static BurnedRegister EndowBurn(LedgerFixture fixture, BurnedRegister command)
    {
        fixture.Endow(command.Coldkey, fixture.Ledger.Subnets[command.NetUid].Hyperparameters.Burn);
        return command;
    }

    /// <summary>
    /// The command to refuse, after the preparation its first argument ran (arguments run in order, so a row can
    /// change the fixture and then build a command that reads it).
    /// </summary>
    private static ILedgerCommand After(LedgerFixture prepared, ILedgerCommand command) => prepared is not null ? command : throw new ArgumentNullException(nameof(prepared));

    private static readonly ushort[] Salt = [7, 8, 9];

    private static byte[] Hash(ushort[] uids, ushort[] values) => WeightsCommitHash.Compute(ValidatorHot, Net, uids, values, Salt, 0);

    private static RevealWeights Reveal(ushort[] uids, ushort[] values) => new(Net, ValidatorHot, uids, values, Salt, 0);

    /// <summary>Turns commit-reveal on and commits the validator's weights.</summary>
    private static LedgerFixture Committed(LedgerFixture fixture, ushort[] uids, ushort[] values)
    {
        fixture.Set(Net, "commit_reveal_enabled", "true").Accept(new CommitWeights(Net, ValidatorHot, Hash(uids, values)));
        return fixture;
    }
}
