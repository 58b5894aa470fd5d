using Bittensor.Ledger;

namespace Bittensor.Tests.Ledger;

/// <summary>
/// A ledger with the verbs of subtensor's <c>mock.rs</c> (endow, add a network, register, step blocks), each built
/// from public commands only and each asserting that its command was accepted, so that a broken setup fails at the
/// step that broke rather than in the assertion that follows.
/// </summary>
internal sealed class LedgerFixture
{
    public const ulong Tao = 1_000_000_000;

    // The keys of ValidatedSubnet: one owner, one staked validator, miners without stake.
    public const string Owner = "owner-cold";
    public const string ValidatorCold = "val-cold";
    public const string ValidatorHot = "val-hot";
    public const string MinerCold = "miner-cold";
    public const ulong ValidatorStake = 1_000 * Tao;

    public LedgerFixture(LedgerSettings? settings = null) => Ledger = new LedgerState(settings);

    public LedgerState Ledger { get; }

    public static string MinerHot(int index) => $"miner-hot-{index}";

    /// <summary>
    /// Subnet 1 with a validator (uid 0, staked, holding a permit from the first epoch) and <paramref name="miners"/>
    /// miners (uids 1…, no stake, no permit). Tempo 2 so that epochs come quickly, commit-reveal off and no weights
    /// rate limit so that weights can be set at once; cases that need other rules change them afterwards.
    /// </summary>
    public static LedgerFixture ValidatedSubnet(int miners = 1)
    {
        var fixture = new LedgerFixture();
        var netUid = fixture.CreateSubnet(Owner,
            ("tempo", "2"), ("commit_reveal_enabled", "false"), ("weights_rate_limit", "0"), ("max_regs_per_block", "16"));
        fixture.Register(netUid, ValidatorCold, ValidatorHot);
        fixture.Stake(ValidatorCold, ValidatorHot, ValidatorStake);
        for (var k = 1; k <= miners; k++) fixture.Register(netUid, MinerCold, MinerHot(k));
        fixture.StepEpochs(netUid, 1);
        Assert.True(fixture.Neuron(netUid, ValidatorHot).ValidatorPermit, "the first epoch should give the staked validator a permit");
        return fixture;
    }

    /// <summary>Applies a command that must be accepted.</summary>
    public LedgerOutcome Accept(ILedgerCommand command)
    {
        var outcome = Ledger.Apply(command);
        Assert.True(outcome.Accepted, $"{command} was refused: {outcome.Error}");
        return outcome;
    }

    public LedgerFixture Endow(string coldkey, ulong rao)
    {
        Accept(new Endow(coldkey, rao));
        return this;
    }

    /// <summary>Endows the owner with the lock, creates the subnet and sets the given hyperparameters in order.</summary>
    public ushort CreateSubnet(string owner, params (string Name, string Value)[] hyperparameters)
    {
        Endow(owner, Ledger.Settings.SubnetLockRao);
        var netUid = (ushort)Accept(new CreateSubnet(owner)).Uid!.Value;
        foreach (var (name, value) in hyperparameters) Set(netUid, name, value);
        return netUid;
    }

    /// <summary>Changes a hyperparameter as the subnet's owner.</summary>
    public LedgerFixture Set(ushort netUid, string name, string value)
    {
        Accept(new SetHyperparameter(netUid, Ledger.Subnets[netUid].Owner, name, value));
        return this;
    }

    /// <summary>Endows the coldkey with the current burn price and registers by burning it; returns the uid.</summary>
    public ushort Register(ushort netUid, string coldkey, string hotkey)
    {
        var burn = Ledger.Subnets[netUid].Hyperparameters.Burn;
        if (burn > 0) Endow(coldkey, burn);
        return (ushort)Accept(new BurnedRegister(netUid, coldkey, hotkey)).Uid!.Value;
    }

    /// <summary>Endows the coldkey with the amount and stakes it on the hotkey.</summary>
    public LedgerFixture Stake(string coldkey, string hotkey, ulong rao)
    {
        Endow(coldkey, rao);
        Accept(new AddStake(coldkey, hotkey, rao));
        return this;
    }

    public LedgerFixture SetWeights(ushort netUid, string hotkey, ushort[] uids, ushort[] values)
    {
        Accept(new SetWeights(netUid, hotkey, uids, values, Ledger.Subnets[netUid].Hyperparameters.WeightsVersion));
        return this;
    }

    public LedgerFixture StepBlocks(int count)
    {
        for (var k = 0; k < count; k++) Accept(AdvanceBlock.Instance);
        return this;
    }

    /// <summary>
    /// Steps tempo × <paramref name="count"/> blocks: exactly <paramref name="count"/> epochs of the subnet run,
    /// whichever block of its tempo the ledger is at.
    /// </summary>
    public LedgerFixture StepEpochs(ushort netUid, int count)
    {
        var before = Ledger.Subnets[netUid].EpochsRun;
        StepBlocks(Ledger.Subnets[netUid].Hyperparameters.Consensus.Tempo * count);
        Assert.Equal(before + (ulong)count, Ledger.Subnets[netUid].EpochsRun);
        return this;
    }

    public NeuronState Neuron(ushort netUid, string hotkey)
    {
        var subnet = Ledger.Subnets[netUid];
        var uid = subnet.UidOf(hotkey);
        Assert.True(uid >= 0, $"{hotkey} is not registered on subnet {netUid}");
        return subnet.Neurons[uid];
    }

    /// <summary>A coldkey's stake on a hotkey.</summary>
    public ulong StakeOn(string coldkey, string hotkey) => Ledger.Hotkey(hotkey)?.StakeOf(coldkey) ?? 0;
}
