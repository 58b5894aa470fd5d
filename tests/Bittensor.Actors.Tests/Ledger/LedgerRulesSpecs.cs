using Bittensor.Ledger;
using static Bittensor.Tests.Ledger.LedgerFixture;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// The chain's rules as the ledger applies them, one behaviour per test: registration (burn, proof of work, price
/// adjustment, pruning), weights (storage, commit-reveal), emission and delegation, transfers, the metagraph and the
/// state hash.
/// </summary>
public sealed class LedgerRulesSpecs
{
    private const ushort Net = 1;
    private static readonly string Miner = MinerHot(1);

    [Fact]
    public void StakesOf_should_list_a_coldkeys_stake_per_hotkey_in_ordinal_order_and_forget_emptied_ones()
    {
        var fixture = LedgerFixture.ValidatedSubnet(miners: 2);
        fixture.Endow("nominator", 100 * LedgerFixture.Tao)
            .Stake("nominator", LedgerFixture.MinerHot(2), 3)
            .Stake("nominator", LedgerFixture.ValidatorHot, 5)
            .Stake("nominator", LedgerFixture.MinerHot(1), 7);
        fixture.Accept(new RemoveStake("nominator", LedgerFixture.MinerHot(1), 7));

        Assert.Equal([(LedgerFixture.MinerHot(2), 3UL), (LedgerFixture.ValidatorHot, 5UL)], fixture.Ledger.StakesOf("nominator"));
        Assert.Empty(fixture.Ledger.StakesOf("nobody"));
    }

    [Fact]
    public void HyperparametersOf_should_list_every_name_with_its_value_or_null_for_a_missing_subnet()
    {
        var fixture = LedgerFixture.ValidatedSubnet();
        var listed = fixture.Ledger.HyperparametersOf(1)!;

        Assert.Equal(SubnetHyperparameters.Names, listed.Select(p => p.Name));
        Assert.All(listed, p => Assert.Equal(fixture.Ledger.Subnets[1].Hyperparameters.Get(p.Name), p.Value));
        Assert.Contains(("tempo", "2"), listed);
        Assert.Null(fixture.Ledger.HyperparametersOf(99));
    }

    [Fact]
    public void BurnedRegister_should_burn_the_price_and_reduce_total_issuance_when_accepted()
    {
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner);
        var burn = fixture.Ledger.Subnets[netUid].Hyperparameters.Burn;
        fixture.Endow(MinerCold, burn + 7);
        var issuance = fixture.Ledger.TotalIssuance;

        var outcome = fixture.Accept(new BurnedRegister(netUid, MinerCold, Miner));

        Assert.Equal(0, outcome.Uid);
        Assert.Equal(7UL, fixture.Ledger.BalanceOf(MinerCold));
        Assert.Equal(issuance - burn, fixture.Ledger.TotalIssuance);
        Assert.Equal(burn, fixture.Ledger.TotalBurned);
        Assert.Equal(fixture.Ledger.TotalIssuance, fixture.Ledger.SumOfHoldings());
    }

    [Fact]
    public void PowRegister_should_register_without_burning_when_the_seal_meets_the_difficulty()
    {
        var fixture = new LedgerFixture();
        // A low difficulty keeps the search to about a thousand hashes.
        var netUid = fixture.CreateSubnet(Owner, ("difficulty", "1000"));
        fixture.StepBlocks(2);
        var block = fixture.Ledger.Block;
        var nonce = ProofOfWork.Solve(block, 1000);
        var issuance = fixture.Ledger.TotalIssuance;

        var outcome = fixture.Accept(new PowRegister(netUid, MinerCold, Miner, block, nonce));

        Assert.Equal(0, outcome.Uid);
        Assert.Equal(Miner, fixture.Ledger.Subnets[netUid].Neurons[0].Hotkey);
        Assert.Equal(MinerCold, fixture.Ledger.Hotkey(Miner)!.Owner);
        Assert.Equal(issuance, fixture.Ledger.TotalIssuance);
    }

    // value × (registrations + target) / (2 × target) with target 2: none halves, the target keeps, 3× doubles.
    [Theory]
    [InlineData(0, 2_000_000UL, 5_000_000UL)]
    [InlineData(1, 3_000_000UL, 7_500_000UL)]
    [InlineData(2, 4_000_000UL, 10_000_000UL)]
    [InlineData(6, 8_000_000UL, 20_000_000UL)]
    public void Burn_and_difficulty_should_follow_registrations_over_target_when_the_adjustment_interval_ends(
        int registrations, ulong expectedBurn, ulong expectedDifficulty)
    {
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner,
            ("adjustment_interval", "10"), ("target_regs_per_interval", "2"), ("max_regs_per_block", "8"),
            ("burn", "4000000"), ("difficulty", "10000000"));
        for (var k = 0; k < registrations; k++) fixture.Register(netUid, MinerCold, MinerHot(k));

        fixture.StepBlocks(9);
        Assert.Equal(4_000_000UL, fixture.Ledger.Subnets[netUid].Hyperparameters.Burn); // not before the interval ends
        fixture.StepBlocks(1);

        var rules = fixture.Ledger.Subnets[netUid].Hyperparameters;
        Assert.Equal(expectedBurn, rules.Burn);
        Assert.Equal(expectedDifficulty, rules.Difficulty);
        Assert.Equal(0, fixture.Ledger.Subnets[netUid].RegistrationsThisInterval);
    }

    [Theory]
    [InlineData(0, "min_burn", "3000000", 3_000_000UL)]
    [InlineData(6, "max_burn", "5000000", 5_000_000UL)]
    public void Burn_should_stay_within_min_burn_and_max_burn_when_adjusted(int registrations, string bound, string value, ulong expected)
    {
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner,
            ("adjustment_interval", "10"), ("max_regs_per_block", "8"), ("burn", "4000000"), (bound, value));
        for (var k = 0; k < registrations; k++) fixture.Register(netUid, MinerCold, MinerHot(k));

        fixture.StepBlocks(10);

        Assert.Equal(expected, fixture.Ledger.Subnets[netUid].Hyperparameters.Burn);
    }

    [Fact]
    public void Registration_should_replace_the_non_immune_uid_with_the_lowest_emission_when_the_subnet_is_full()
    {
        var fixture = FullSubnetWithEmissions();
        var emissions = fixture.Ledger.Metagraph(Net)!.Neurons.Select(n => n.EmissionRao).ToList();
        // By registration alone uid 0 would go (all registered by block 2, the lowest uid first); emission decides.
        Assert.Equal(3, emissions.IndexOf(emissions.Min()));

        var uid = fixture.Register(Net, MinerCold, "newcomer-hot");

        Assert.Equal(3, uid);
        Assert.Equal("newcomer-hot", fixture.Ledger.Subnets[Net].Neurons[3].Hotkey);
        Assert.Equal(-1, fixture.Ledger.Subnets[Net].UidOf("small-hot"));
    }

    [Fact]
    public void Registration_should_clear_the_replaced_uid_and_zero_weights_on_it_when_replacing()
    {
        var fixture = FullSubnetWithEmissions();
        fixture.SetWeights(Net, ValidatorHot, [1, 2, 3], [65535, 30000, 20000]);
        var before = fixture.Ledger.Metagraph(Net, withWeightsAndBonds: true)!;
        Assert.NotEmpty(before.Weights![3]);
        Assert.NotEmpty(before.Bonds![3]);

        fixture.Register(Net, MinerCold, "newcomer-hot");

        var after = fixture.Ledger.Metagraph(Net, withWeightsAndBonds: true)!;
        Assert.Empty(after.Weights![3]);
        Assert.Empty(after.Bonds![3]);
        // The validator's weight on the uid is zeroed, not removed (replace_neuron); its other weights stay.
        Assert.Equal([(1, 65535), (2, 30000), (3, 0)], after.Weights[0].Select(w => ((int)w.Uid, (int)w.Value)));
        var newcomer = after.Neurons[3];
        Assert.Equal((fixture.Ledger.Block, fixture.Ledger.Block), (newcomer.RegisteredBlock, newcomer.LastUpdate));
        Assert.Equal((false, 0UL, (ushort)0), (newcomer.ValidatorPermit, newcomer.EmissionRao, newcomer.Dividends));
    }

    [Fact]
    public void Registration_should_replace_the_earlier_registration_then_the_lower_uid_when_emissions_tie()
    {
        // Tempo 360: no epoch runs, so every emission stays 0 and only the tie-breaks decide.
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner, ("max_allowed_uids", "3"), ("max_regs_per_block", "3"), ("immunity_period", "5"));
        foreach (var hotkey in new[] { "a-hot", "b-hot", "c-hot" }) fixture.Register(netUid, MinerCold, hotkey);
        fixture.StepBlocks(5);

        Assert.Equal(0, fixture.Register(netUid, MinerCold, "d-hot")); // same block for all: the lower uid
        fixture.StepBlocks(5);
        Assert.Equal(1, fixture.Register(netUid, MinerCold, "e-hot")); // d came later: b, the earliest, lowest uid
        Assert.Equal(2, fixture.Register(netUid, MinerCold, "f-hot")); // e is immune now: c
    }

    [Fact]
    public void Registration_should_be_allowed_again_when_the_next_block_starts()
    {
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner, ("max_regs_per_block", "1"));
        fixture.Register(netUid, MinerCold, "first-hot");
        fixture.Endow(MinerCold, Burn(fixture, netUid));
        var second = new BurnedRegister(netUid, MinerCold, "second-hot");
        Assert.Equal(LedgerErrorCode.TooManyRegistrationsThisBlock, fixture.Ledger.Apply(second).Error?.Code);

        fixture.StepBlocks(1);

        Assert.Equal(1, fixture.Accept(second).Uid);
    }

    [Fact]
    public void SetWeights_should_store_max_upscaled_values_in_the_given_order_when_accepted()
    {
        var fixture = ValidatedSubnet(miners: 2).StepBlocks(1);

        fixture.SetWeights(Net, ValidatorHot, [2, 1], [43690, 21845]);

        var validator = fixture.Neuron(Net, ValidatorHot);
        Assert.Equal([(2, 65535), (1, 32768)], validator.Weights.Select(w => ((int)w.Uid, (int)w.Value)));
        Assert.Equal(fixture.Ledger.Block, validator.LastUpdate);
    }

    [Fact]
    public void RevealWeights_should_store_the_weights_when_the_reveal_matches_its_commit_an_epoch_later()
    {
        var fixture = ValidatedSubnet(miners: 2).Set(Net, "commit_reveal_enabled", "true");
        ushort[] uids = [1, 2], values = [43690, 21845], salt = [1, 2, 3, 4];
        fixture.Accept(new CommitWeights(Net, ValidatorHot, WeightsCommitHash.Compute(ValidatorHot, Net, uids, values, salt, 0)));
        fixture.StepEpochs(Net, 1);
        Assert.Empty(fixture.Neuron(Net, ValidatorHot).Weights); // committed weights count only once revealed

        fixture.Accept(new RevealWeights(Net, ValidatorHot, uids, values, salt, 0));

        Assert.Equal([(1, 65535), (2, 32768)], fixture.Neuron(Net, ValidatorHot).Weights.Select(w => ((int)w.Uid, (int)w.Value)));
        Assert.Empty(fixture.Ledger.Subnets[Net].Commits);
    }

    [Fact]
    public void Emission_should_pay_the_owner_cut_to_the_owner_each_block_when_the_subnet_emits()
    {
        var fixture = ValidatedSubnet();
        var before = fixture.Ledger.BalanceOf(Owner);
        var rules = fixture.Ledger.Subnets[Net].Hyperparameters;
        // The only emitting subnet takes the whole block emission; the cut is floor(emission × cut / 65535).
        var cutPerBlock = fixture.Ledger.Settings.BlockEmissionRao * (ulong)rules.SubnetOwnerCut / ushort.MaxValue;

        fixture.StepBlocks(10);

        Assert.Equal(before + 10 * cutPerBlock, fixture.Ledger.BalanceOf(Owner));
    }

    [Fact]
    public void Emission_should_pay_incentive_to_miners_and_dividends_to_validators_as_stake_when_the_epoch_runs()
    {
        var fixture = ValidatedSubnet().SetWeights(Net, ValidatorHot, [1], [1]);
        var (miner, validator) = (fixture.StakeOn(MinerCold, Miner), fixture.StakeOn(ValidatorCold, ValidatorHot));

        fixture.StepEpochs(Net, 1);

        var graph = fixture.Ledger.Metagraph(Net)!;
        Assert.True(graph.Neurons[1].Incentive > 0 && graph.Neurons[0].Dividends > 0);
        Assert.Equal(miner + graph.Neurons[1].EmissionRao, fixture.StakeOn(MinerCold, Miner));
        Assert.Equal(validator + graph.Neurons[0].EmissionRao, fixture.StakeOn(ValidatorCold, ValidatorHot));
    }

    [Fact]
    public void Dividends_should_reach_a_nominator_pro_rata_after_the_take_when_it_stakes_on_a_validator()
    {
        const ushort take = 6553; // ≈ 10%
        var fixture = ValidatedSubnet().SetWeights(Net, ValidatorHot, [1], [1]).Stake("nominator-cold", ValidatorHot, 250 * Tao);
        fixture.Accept(new SetDelegateTake(ValidatorCold, ValidatorHot, take));
        var (nominator, owner, total) = (250 * Tao, fixture.StakeOn(ValidatorCold, ValidatorHot), fixture.Ledger.StakeOf(ValidatorHot));

        fixture.StepEpochs(Net, 1);

        var validator = fixture.Ledger.Metagraph(Net)!.Neurons[0];
        Assert.Equal(0, validator.Incentive); // its whole emission is dividends
        var dividends = validator.EmissionRao;
        var shared = dividends - (ulong)((UInt128)dividends * take / ushort.MaxValue);
        var nominatorShare = (ulong)((UInt128)shared * nominator / total);
        Assert.Equal(nominator + nominatorShare, fixture.StakeOn("nominator-cold", ValidatorHot));
        // The owner keeps the take, its own pro-rata share and the flooring dust.
        Assert.Equal(owner + dividends - nominatorShare, fixture.StakeOn(ValidatorCold, ValidatorHot));
    }

    [Fact]
    public void Transfer_should_move_balance_between_coldkeys_when_accepted()
    {
        var fixture = new LedgerFixture().Endow("alice", 10 * Tao);
        var issuance = fixture.Ledger.TotalIssuance;

        fixture.Accept(new Transfer("alice", "bob", 4 * Tao));

        Assert.Equal((6 * Tao, 4 * Tao), (fixture.Ledger.BalanceOf("alice"), fixture.Ledger.BalanceOf("bob")));
        Assert.Equal(issuance, fixture.Ledger.TotalIssuance);
    }

    [Fact]
    public void Metagraph_should_list_keys_stake_endpoints_and_last_epoch_terms_when_asked()
    {
        var fixture = ValidatedSubnet().SetWeights(Net, ValidatorHot, [1], [1]);
        fixture.Accept(new ServeAxon(Net, ValidatorHot, "10.0.0.1", 8091));
        fixture.StepEpochs(Net, 1);

        var graph = fixture.Ledger.Metagraph(Net)!;

        Assert.Equal((Net, fixture.Ledger.Block, 2), (graph.NetUid, graph.Block, graph.N));
        var (validator, miner) = (graph.Neurons[0], graph.Neurons[1]);
        Assert.Equal((0, ValidatorHot, ValidatorCold), (validator.Uid, validator.Hotkey, validator.Coldkey));
        Assert.Equal((1, Miner, MinerCold), (miner.Uid, miner.Hotkey, miner.Coldkey));
        Assert.Equal(fixture.Ledger.StakeOf(ValidatorHot), validator.StakeRao);
        Assert.Equal(("10.0.0.1", 8091), (validator.AxonIp, validator.AxonPort));
        Assert.True(validator.ValidatorPermit && validator.Dividends > 0 && validator.ValidatorTrust > 0);
        Assert.True(miner.Incentive > 0 && miner.Consensus > 0 && miner.EmissionRao > 0);
        Assert.Null(graph.Weights);
        Assert.Null(graph.Bonds);
        Assert.Null(fixture.Ledger.Metagraph(9));
    }

    [Fact]
    public void Metagraph_should_include_weights_and_bonds_rows_when_requested()
    {
        var fixture = ValidatedSubnet().SetWeights(Net, ValidatorHot, [1], [1]).StepEpochs(Net, 1);

        var graph = fixture.Ledger.Metagraph(Net, withWeightsAndBonds: true)!;

        Assert.Equal([(1, 65535)], graph.Weights![0].Select(w => ((int)w.Uid, (int)w.Value)));
        Assert.Empty(graph.Weights[1]);
        Assert.Equal(1, Assert.Single(graph.Bonds![0]).Uid);
    }

    [Fact]
    public void StateHash_should_be_equal_when_two_ledgers_apply_the_same_commands()
    {
        var (first, second) = (new LedgerState(), new LedgerState());

        foreach (var step in Script())
        {
            Assert.True(first.Apply(step(first)).Accepted);
            Assert.True(second.Apply(step(second)).Accepted);
            Assert.Equal(first.StateHash(), second.StateHash());
        }
    }

    [Fact]
    public void StateHash_should_change_when_any_kind_of_command_is_accepted()
    {
        var ledger = new LedgerState();
        var kinds = new HashSet<Type>();

        foreach (var step in Script())
        {
            var before = ledger.StateHash();
            var command = step(ledger);
            Assert.True(ledger.Apply(command).Accepted, $"{command} was refused");
            Assert.NotEqual(before, ledger.StateHash());
            kinds.Add(command.GetType());
        }

        // The script exercises every command the ledger knows.
        var all = typeof(ILedgerCommand).Assembly.GetTypes().Where(t => t.IsClass && typeof(ILedgerCommand).IsAssignableFrom(t));
        Assert.Equal(all.Select(t => t.Name).Order(), kinds.Select(t => t.Name).Order());
    }

    /// <summary>
    /// A chain's life using every command, each one changing the state: steps read the ledger they are applied to,
    /// for the block a proof of work refers to.
    /// </summary>
    private static IEnumerable<Func<LedgerState, ILedgerCommand>> Script()
    {
        ushort[] uids = [0, 1], values = [1, 1], salt = [5];
        yield return _ => new Endow("alice", 2_000 * Tao);
        yield return _ => new CreateSubnet("alice");
        yield return _ => new SetHyperparameter(Net, "alice", "tempo", "2");
        yield return _ => new SetHyperparameter(Net, "alice", "commit_reveal_enabled", "false");
        yield return _ => new SetHyperparameter(Net, "alice", "weights_rate_limit", "0");
        yield return _ => new SetHyperparameter(Net, "alice", "difficulty", "100");
        yield return _ => new BurnedRegister(Net, "alice", "alice-hot");
        yield return _ => AdvanceBlock.Instance;
        yield return l => new PowRegister(Net, "bob", "bob-hot", l.Block, ProofOfWork.Solve(l.Block, 100));
        yield return _ => new AddStake("alice", "alice-hot", 100 * Tao);
        yield return _ => new Transfer("alice", "bob", 5 * Tao);
        yield return _ => new AddStake("bob", "alice-hot", Tao);
        yield return _ => new RemoveStake("bob", "alice-hot", Tao / 2);
        yield return _ => new SetDelegateTake("alice", "alice-hot", 1000);
        yield return _ => new ServeAxon(Net, "alice-hot", "10.0.0.1", 8091);
        yield return _ => AdvanceBlock.Instance; // block 2: the first epoch gives alice-hot its permit
        yield return _ => new SetWeights(Net, "alice-hot", [1], [1], 0);
        yield return _ => new SetHyperparameter(Net, "alice", "commit_reveal_enabled", "true");
        yield return _ => new CommitWeights(Net, "alice-hot", WeightsCommitHash.Compute("alice-hot", Net, uids, values, salt, 0));
        yield return _ => AdvanceBlock.Instance;
        yield return _ => AdvanceBlock.Instance; // block 4: the epoch after the commit opens its reveal
        yield return _ => new RevealWeights(Net, "alice-hot", uids, values, salt, 0);
    }

    /// <summary>
    /// A full subnet of four non-immune uids after an epoch with weights: the validator (uid 0), two miners it
    /// weights (uids 1, 2) and a small validator (uid 3, 1 TAO) whose dividends are the lowest emission.
    /// </summary>
    private static LedgerFixture FullSubnetWithEmissions()
    {
        var fixture = ValidatedSubnet(miners: 2);
        fixture.Register(Net, "small-cold", "small-hot");
        fixture.Stake("small-cold", "small-hot", Tao).StepEpochs(Net, 1); // the small validator's permit
        fixture.SetWeights(Net, ValidatorHot, [1, 2], [65535, 30000]).SetWeights(Net, "small-hot", [1], [65535]);
        fixture.StepEpochs(Net, 1).Set(Net, "immunity_period", "1").Set(Net, "max_allowed_uids", "4");
        return fixture;
    }

    private static ulong Burn(LedgerFixture fixture, ushort netUid = Net) => fixture.Ledger.Subnets[netUid].Hyperparameters.Burn;

    [Fact]
    public void StateHash_should_be_equal_for_equal_states_when_an_owner_cut_of_zero_was_paid()
    {
        // The owner's balance is zero in both ledgers; a zero balance must not be kept as an entry by one of them.
        var a = new LedgerFixture().Endow("payee", 5).Endow("owner", 100 * LedgerFixture.Tao);
        a.Set(a.CreateSubnet("owner"), "subnet_owner_cut", "0").StepBlocks(1);
        var b = new LedgerFixture().Endow("owner", 100 * LedgerFixture.Tao + 5);
        b.Set(b.CreateSubnet("owner"), "subnet_owner_cut", "0").StepBlocks(1);
        b.Accept(new Transfer("owner", "payee", 5));

        Assert.Equal(a.Ledger.StateHash(), b.Ledger.StateHash());
    }
}
