using Bittensor.Consensus;

namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    /// <summary>
    /// One block: the block emission is shared by the subnets that run epochs (owner cut paid at once, the rest
    /// accrued), registration prices adjust on their interval, and each subnet whose tempo has elapsed runs its
    /// epoch and pays out what it accrued.
    /// </summary>
    private LedgerOutcome Advance()
    {
        if (Block == ulong.MaxValue) return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, "The block number would overflow a u64.");
        var emitting = _subnets.Values.Where(s => s.NetUid != RootNetUid && s.Hyperparameters.Consensus.Tempo > 0).ToList();
        var blockEmission = emitting.Count > 0 ? Settings.BlockEmissionRao : 0;
        if (!TryAdd(TotalIssuance, blockEmission, out var issuance))
            return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, "Total issuance would overflow a u64.");

        Block++;
        TotalIssuance = issuance;
        TotalEmitted += blockEmission;
        AccrueEmission(emitting, blockEmission);

        foreach (var subnet in _subnets.Values)
        {
            subnet.RegistrationsThisBlock = 0;
            if ((Block - subnet.CreatedBlock) % (ulong)subnet.Hyperparameters.AdjustmentInterval == 0) AdjustRegistrationPrice(subnet);
            var tempo = (ulong)subnet.Hyperparameters.Consensus.Tempo;
            if (subnet.NetUid != RootNetUid && tempo > 0 && Block - subnet.LastEpochBlock >= tempo) RunEpoch(subnet);
        }
        return LedgerOutcome.Ok;
    }

    /// <summary>
    /// Equal shares for the emitting subnets (the remainder to the lowest netuid); of each share the owner cut goes
    /// to the owner's balance and the rest waits for the epoch.
    /// </summary>
    private void AccrueEmission(List<SubnetState> emitting, ulong blockEmission)
    {
        if (emitting.Count == 0) return;
        var share = blockEmission / (ulong)emitting.Count;
        var remainder = blockEmission - share * (ulong)emitting.Count;
        for (var k = 0; k < emitting.Count; k++)
        {
            var subnet = emitting[k];
            var amount = share + (k == 0 ? remainder : 0);
            var ownerCut = (ulong)((UInt128)amount * (ulong)subnet.Hyperparameters.SubnetOwnerCut / ushort.MaxValue);
            SetBalance(subnet.Owner, BalanceOf(subnet.Owner) + ownerCut);
            subnet.PendingEmissionRao += amount - ownerCut;
        }
    }

    /// <summary>
    /// Runs the subnet's epoch on its accrued emission, stores what the chain stores (bonds, permits, u16 terms,
    /// emission), and pays incentive to each miner's hotkey and dividends to each validator and its nominators, as
    /// stake. Rounding dust stays pending for the next epoch.
    /// </summary>
    private void RunEpoch(SubnetState subnet)
    {
        var terms = Epoch.Run(subnet.Hyperparameters.Consensus, EpochInputOf(subnet));
        // The u16 views are computed on each access: take each once, not once per uid.
        var consensusU16 = terms.ConsensusU16;
        var incentiveU16 = terms.IncentiveU16;
        var dividendsU16 = terms.DividendsU16;
        var validatorTrustU16 = terms.ValidatorTrustU16;
        var stakeWeightU16 = terms.StakeWeightU16;
        for (var uid = 0; uid < subnet.Neurons.Count; uid++)
        {
            var neuron = subnet.Neurons[uid];
            neuron.Active = terms.Active[uid];
            neuron.ValidatorPermit = terms.NewValidatorPermit[uid];
            neuron.Consensus = consensusU16[uid];
            neuron.Incentive = incentiveU16[uid];
            neuron.Dividends = dividendsU16[uid];
            neuron.ValidatorTrust = validatorTrustU16[uid];
            neuron.StakeWeight = stakeWeightU16[uid];
            neuron.EmissionRao = terms.Emission[uid];
            neuron.Bonds = ToPairs(terms.Bonds, uid);
        }

        ulong paid = 0;
        for (var uid = 0; uid < subnet.Neurons.Count; uid++)
        {
            var account = _hotkeys[subnet.Neurons[uid].Hotkey];
            var incentive = terms.ServerEmission[uid];
            account.Credit(account.Owner, incentive);
            paid += incentive + PayDividends(account, terms.ValidatorEmission[uid]);
        }
        subnet.PendingEmissionRao -= paid;
        subnet.LastEpochBlock = Block;
        subnet.EpochsRun++;
        // Expired commits stay until the hotkey commits again, so that a late reveal is told it is late (the chain's
        // ExpiredWeightCommit); they no longer mask anything (EpochInputOf skips them).
    }

    /// <summary>
    /// A validator's dividends: its take to the hotkey's owner, the rest to every coldkey staked on it in
    /// proportion to that stake (floored), the flooring dust to the owner. Returns the rao paid.
    /// </summary>
    private static ulong PayDividends(HotkeyAccount account, ulong dividends)
    {
        if (dividends == 0) return 0;
        var take = (ulong)((UInt128)dividends * account.Take / ushort.MaxValue);
        var shared = dividends - take;
        var total = account.TotalStake;
        var credits = new List<(string Coldkey, ulong Rao)>();
        ulong distributed = 0;
        if (total > 0)
        {
            foreach (var (coldkey, stake) in account.Stakes)
            {
                var part = (ulong)((UInt128)shared * stake / total);
                credits.Add((coldkey, part));
                distributed += part;
            }
        }
        // Credits after the walk: crediting during it would change the stakes being shared over.
        foreach (var (coldkey, rao) in credits) account.Credit(coldkey, rao);
        account.Credit(account.Owner, take + (shared - distributed));
        return dividends;
    }

    /// <summary>The epoch's input, read from the subnet as the chain's getters read storage.</summary>
    private EpochState EpochInputOf(SubnetState subnet)
    {
        var n = subnet.Neurons.Count;
        var stake = new ulong[n];
        var lastUpdate = new ulong[n];
        var registered = new ulong[n];
        var permits = new bool[n];
        var commitBlocks = new ulong[n];
        var weights = new SparseRows<ushort>.Builder(n, 0);
        var bonds = new SparseRows<ushort>.Builder(n, 0);
        for (var uid = 0; uid < n; uid++)
        {
            var neuron = subnet.Neurons[uid];
            stake[uid] = StakeOf(neuron.Hotkey);
            lastUpdate[uid] = neuron.LastUpdate;
            registered[uid] = neuron.RegisteredBlock;
            permits[uid] = neuron.ValidatorPermit;
            commitBlocks[uid] = subnet.Commits.TryGetValue(neuron.Hotkey, out var commit) && !IsExpired(subnet, commit) ? commit.Block : ulong.MaxValue;
            foreach (var (target, value) in neuron.Weights) weights.Add(target, value);
            weights.EndRow();
            foreach (var (target, value) in neuron.Bonds) bonds.Add(target, value);
            bonds.EndRow();
        }
        return new EpochState
        {
            N = n,
            CurrentBlock = Block,
            Stake = stake,
            Weights = weights.Build(),
            Bonds = bonds.Build(),
            LastUpdate = lastUpdate,
            BlockAtRegistration = registered,
            ValidatorPermit = permits,
            CommitBlock = commitBlocks,
            LastMechanismStepBlock = subnet.EpochsRun == 0 ? 0 : subnet.LastEpochBlock,
            RaoEmission = subnet.PendingEmissionRao,
        };
    }

    private static (ushort Uid, ushort Value)[] ToPairs(SparseRows<ushort> rows, int row)
    {
        var columns = rows.Columns(row);
        var values = rows.Values(row);
        var pairs = new (ushort, ushort)[columns.Length];
        for (var k = 0; k < pairs.Length; k++) pairs[k] = ((ushort)columns[k], values[k]);
        return pairs;
    }
}
