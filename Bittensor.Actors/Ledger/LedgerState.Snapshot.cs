namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    /// <summary>The whole state as plain data (copies: later commands do not change the snapshot).</summary>
    public LedgerSnapshot ToSnapshot()
    {
        var balances = _balances.Select(b => new BalanceSnapshot(b.Key, b.Value)).ToArray();
        var hotkeys = _hotkeys.Keys.Order(StringComparer.Ordinal)
            .Select(hotkey =>
            {
                var account = _hotkeys[hotkey];
                return new HotkeySnapshot(hotkey, account.Owner, account.Take,
                    account.Stakes.Select(s => new BalanceSnapshot(s.Key, s.Value)).ToArray());
            })
            .ToArray();
        var subnets = _subnets.Values.Select(ToSnapshot).ToArray();
        return new LedgerSnapshot(Block, TotalIssuance, TotalEmitted, TotalBurned, balances, hotkeys, subnets);
    }

    /// <summary>
    /// The state a snapshot holds: its <see cref="StateHash"/> is the original's, and it applies further commands
    /// exactly as the original would. <paramref name="settings"/> are the chain-wide constants, which a snapshot does
    /// not hold (the same ones the original ran with, for the same behaviour). A snapshot that cannot be a ledger
    /// (duplicate keys, a hyperparameter set that does not parse) throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static LedgerState FromSnapshot(LedgerSnapshot snapshot, LedgerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new LedgerState(settings)
        {
            Block = snapshot.Block,
            TotalIssuance = snapshot.TotalIssuance,
            TotalEmitted = snapshot.TotalEmitted,
            TotalBurned = snapshot.TotalBurned,
        };

        foreach (var balance in snapshot.Balances)
            if (!state._balances.TryAdd(balance.Coldkey, balance.Rao))
                throw new InvalidDataException($"Ledger snapshot: coldkey '{balance.Coldkey}' has two balances.");

        foreach (var hotkey in snapshot.Hotkeys)
        {
            var account = new HotkeyAccount { Owner = hotkey.Owner, Take = hotkey.Take };
            foreach (var stake in hotkey.Stakes)
            {
                if (account.Stakes.ContainsKey(stake.Coldkey))
                    throw new InvalidDataException($"Ledger snapshot: coldkey '{stake.Coldkey}' has two stakes on hotkey '{hotkey.Hotkey}'.");
                account.Credit(stake.Coldkey, stake.Rao);
            }
            if (!state._hotkeys.TryAdd(hotkey.Hotkey, account))
                throw new InvalidDataException($"Ledger snapshot: hotkey '{hotkey.Hotkey}' appears twice.");
        }

        state._subnets.Clear(); // the root subnet comes from the snapshot like every other
        foreach (var subnet in snapshot.Subnets)
            if (!state._subnets.TryAdd(subnet.NetUid, FromSnapshot(subnet, state.Settings.NewSubnet)))
                throw new InvalidDataException($"Ledger snapshot: subnet {subnet.NetUid} appears twice.");
        return state;
    }

    private static SubnetSnapshot ToSnapshot(SubnetState subnet) => new(
        subnet.NetUid,
        subnet.Owner,
        SubnetHyperparameters.Names.Select(name => new HyperparameterSnapshot(name, subnet.Hyperparameters.Get(name)!)).ToArray(),
        subnet.CreatedBlock,
        subnet.LockedRao,
        subnet.LastEpochBlock,
        subnet.EpochsRun,
        subnet.PendingEmissionRao,
        subnet.RegistrationsThisBlock,
        subnet.RegistrationsThisInterval,
        subnet.Neurons.Select(n => new NeuronSnapshot(
            n.Hotkey, n.RegisteredBlock, n.LastUpdate, n.AxonIp, n.AxonPort,
            n.Weights.Select(w => new UidValue(w.Uid, w.Value)).ToArray(),
            n.Bonds.Select(b => new UidValue(b.Uid, b.Value)).ToArray(),
            n.Active, n.ValidatorPermit, n.Consensus, n.Incentive, n.Dividends, n.ValidatorTrust, n.StakeWeight,
            n.EmissionRao)).ToArray(),
        subnet.Commits.Select(c => new CommitSnapshot(c.Key, c.Value.Hash.ToArray(), c.Value.Block, c.Value.Epoch)).ToArray());

    private static SubnetState FromSnapshot(SubnetSnapshot snapshot, SubnetHyperparameters defaults)
    {
        var subnet = new SubnetState
        {
            NetUid = snapshot.NetUid,
            Owner = snapshot.Owner,
            Hyperparameters = RestoreHyperparameters(snapshot, defaults),
            CreatedBlock = snapshot.CreatedBlock,
            LockedRao = snapshot.LockedRao,
            LastEpochBlock = snapshot.LastEpochBlock,
            EpochsRun = snapshot.EpochsRun,
            PendingEmissionRao = snapshot.PendingEmissionRao,
            RegistrationsThisBlock = snapshot.RegistrationsThisBlock,
            RegistrationsThisInterval = snapshot.RegistrationsThisInterval,
        };
        foreach (var n in snapshot.Neurons)
        {
            if (subnet.UidOf(n.Hotkey) >= 0)
                throw new InvalidDataException($"Ledger snapshot: hotkey '{n.Hotkey}' holds two uids on subnet {snapshot.NetUid}.");
            var neuron = subnet.Neurons[subnet.AddNeuron(n.Hotkey, n.RegisteredBlock)];
            neuron.LastUpdate = n.LastUpdate;
            neuron.AxonIp = n.AxonIp;
            neuron.AxonPort = n.AxonPort;
            neuron.Weights = n.Weights.Select(w => (w.Uid, w.Value)).ToArray();
            neuron.Bonds = n.Bonds.Select(b => (b.Uid, b.Value)).ToArray();
            neuron.Active = n.Active;
            neuron.ValidatorPermit = n.ValidatorPermit;
            neuron.Consensus = n.Consensus;
            neuron.Incentive = n.Incentive;
            neuron.Dividends = n.Dividends;
            neuron.ValidatorTrust = n.ValidatorTrust;
            neuron.StakeWeight = n.StakeWeight;
            neuron.EmissionRao = n.EmissionRao;
        }
        foreach (var commit in snapshot.Commits)
            if (!subnet.Commits.TryAdd(commit.Hotkey, new WeightsCommit(commit.Hash.ToArray(), commit.Block, commit.Epoch)))
                throw new InvalidDataException($"Ledger snapshot: hotkey '{commit.Hotkey}' has two commits on subnet {snapshot.NetUid}.");
        return subnet;
    }

    /// <summary>
    /// The subnet's hyperparameters, set one by one through <see cref="SubnetHyperparameters.With"/> from the
    /// ledger's defaults for new subnets. With checks the whole set after each change, so a value may be refused until another is in place
    /// (alpha_low above the default alpha_high, say): the refused ones are retried, pass after pass, until all are
    /// in or a pass changes nothing.
    /// </summary>
    private static SubnetHyperparameters RestoreHyperparameters(SubnetSnapshot snapshot, SubnetHyperparameters defaults)
    {
        var parameters = defaults;
        var remaining = snapshot.Hyperparameters.Where(p => parameters.Get(p.Name) != p.Value).ToList();
        while (remaining.Count > 0)
        {
            var refused = new List<HyperparameterSnapshot>();
            LedgerError? lastError = null;
            foreach (var parameter in remaining)
            {
                var (changed, error) = parameters.With(parameter.Name, parameter.Value);
                if (changed is null)
                {
                    refused.Add(parameter);
                    lastError = error;
                }
                else parameters = changed;
            }
            if (refused.Count == remaining.Count)
                throw new InvalidDataException($"Ledger snapshot: the hyperparameters of subnet {snapshot.NetUid} cannot be restored ({lastError}).");
            remaining = refused;
        }
        foreach (var parameter in snapshot.Hyperparameters)
            if (parameters.Get(parameter.Name) != parameter.Value)
                throw new InvalidDataException($"Ledger snapshot: hyperparameter {parameter.Name} of subnet {snapshot.NetUid} = '{parameter.Value}' does not round-trip.");
        return parameters;
    }
}
