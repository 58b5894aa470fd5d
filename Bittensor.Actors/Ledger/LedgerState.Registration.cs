namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    private LedgerOutcome ApplyBurnedRegister(BurnedRegister command)
    {
        if (CheckRegistration(command.NetUid, command.Coldkey, command.Hotkey, out var subnet, out var replaceUid) is { } error) return Refuse(error);
        var burn = subnet.Hyperparameters.Burn;
        var available = BalanceOf(command.Coldkey);
        if (available < burn)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotEnoughBalance, $"Registration burns {burn} rao; {command.Coldkey} has {available}.");
        SetBalance(command.Coldkey, available - burn);
        TotalIssuance -= burn;
        TotalBurned += burn;
        return new LedgerOutcome(null, Register(subnet, command.Coldkey, command.Hotkey, replaceUid));
    }

    private LedgerOutcome ApplyPowRegister(PowRegister command)
    {
        if (CheckRegistration(command.NetUid, command.Coldkey, command.Hotkey, out var subnet, out var replaceUid) is { } error) return Refuse(error);
        if (command.BlockNumber > Block || Block - command.BlockNumber >= Settings.PowBlockWindow)
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidWorkBlock,
                $"Work on block {command.BlockNumber} is not for one of the last {Settings.PowBlockWindow} blocks (now {Block}).");
        var seal = ProofOfWork.Seal(command.Nonce, ProofOfWork.BlockHash(command.BlockNumber));
        if (!ProofOfWork.MeetsDifficulty(seal, subnet.Hyperparameters.Difficulty))
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidDifficulty,
                $"Nonce {command.Nonce} does not seal block {command.BlockNumber} at difficulty {subnet.Hyperparameters.Difficulty}.");
        return new LedgerOutcome(null, Register(subnet, command.Coldkey, command.Hotkey, replaceUid));
    }

    /// <summary>
    /// Everything a registration must satisfy before it can write: a subnet other than root, a free hotkey (or one
    /// the coldkey owns), room this block, and a uid: the next one, or in a full subnet the one to replace.
    /// </summary>
    private LedgerError? CheckRegistration(ushort netUid, string coldkey, string hotkey, out SubnetState subnet, out int replaceUid)
    {
        replaceUid = -1;
        if (SubnetFor(netUid, out subnet) is { Error: { } missing }) return missing;
        if (CheckKey(coldkey, "coldkey") is { } coldError) return coldError;
        if (CheckKey(hotkey, "hotkey") is { } hotError) return hotError;
        if (subnet.UidOf(hotkey) >= 0)
            return new LedgerError(LedgerErrorCode.HotKeyAlreadyRegisteredInSubNet, $"Hotkey {hotkey} is already registered on subnet {netUid}.");
        if (_hotkeys.TryGetValue(hotkey, out var account) && account.Owner != coldkey)
            return new LedgerError(LedgerErrorCode.NonAssociatedColdKey, $"Hotkey {hotkey} belongs to {account.Owner}, not {coldkey}.");
        if (subnet.RegistrationsThisBlock >= subnet.Hyperparameters.MaxRegistrationsPerBlock)
            return new LedgerError(LedgerErrorCode.TooManyRegistrationsThisBlock,
                $"Subnet {netUid} already took {subnet.RegistrationsThisBlock} registrations in block {Block} (max_regs_per_block).");
        if (subnet.Neurons.Count >= subnet.Hyperparameters.MaxAllowedUids)
        {
            replaceUid = UidToPrune(subnet);
            if (replaceUid < 0)
                return new LedgerError(LedgerErrorCode.AllNeuronsImmune,
                    $"Subnet {netUid} is full and every uid registered within the last {subnet.Hyperparameters.ImmunityPeriod} blocks is immune.");
        }
        return null;
    }

    private int Register(SubnetState subnet, string coldkey, string hotkey, int replaceUid)
    {
        if (!_hotkeys.ContainsKey(hotkey))
            _hotkeys[hotkey] = new HotkeyAccount { Owner = coldkey, Take = Settings.DefaultDelegateTake };
        subnet.RegistrationsThisBlock++;
        subnet.RegistrationsThisInterval++;
        if (replaceUid < 0) return subnet.AddNeuron(hotkey, Block);
        subnet.ReplaceNeuron(replaceUid, hotkey, Block);
        return replaceUid;
    }

    /// <summary>
    /// The uid a full subnet gives up: the non-immune one with the lowest emission, ties to the earlier registration,
    /// then the lower uid (yuma-spec §4.4); −1 when every uid is immune.
    /// </summary>
    private int UidToPrune(SubnetState subnet)
    {
        var candidate = -1;
        for (var uid = 0; uid < subnet.Neurons.Count; uid++)
        {
            var neuron = subnet.Neurons[uid];
            if (Block - neuron.RegisteredBlock < subnet.Hyperparameters.ImmunityPeriod) continue;
            if (candidate < 0) { candidate = uid; continue; }
            var best = subnet.Neurons[candidate];
            if (neuron.EmissionRao < best.EmissionRao
                || (neuron.EmissionRao == best.EmissionRao && neuron.RegisteredBlock < best.RegisteredBlock))
                candidate = uid;
        }
        return candidate;
    }

    /// <summary>
    /// Every adjustment_interval blocks the burn price and the difficulty move toward target registrations:
    /// <c>value × (registrations + target) / (2 × target)</c>, clamped to their bounds (the chain's rule).
    /// </summary>
    private static void AdjustRegistrationPrice(SubnetState subnet)
    {
        var parameters = subnet.Hyperparameters;
        var target = (ulong)parameters.TargetRegistrationsPerInterval;
        var registrations = (ulong)subnet.RegistrationsThisInterval;
        ulong Adjust(ulong value, ulong min, ulong max)
        {
            var adjusted = (UInt128)value * (registrations + target) / (2 * target);
            return adjusted > max ? max : adjusted < min ? min : (ulong)adjusted;
        }
        subnet.Hyperparameters = parameters with
        {
            Burn = Adjust(parameters.Burn, parameters.MinBurn, parameters.MaxBurn),
            Difficulty = Adjust(parameters.Difficulty, parameters.MinDifficulty, parameters.MaxDifficulty),
        };
        subnet.RegistrationsThisInterval = 0;
    }
}
