using System.Net;

namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    private LedgerOutcome ApplyEndow(Endow command)
    {
        if (CheckKey(command.Coldkey, "coldkey") is { } keyError) return Refuse(keyError);
        if (command.AmountRao == 0) return LedgerOutcome.Refuse(LedgerErrorCode.AmountTooLow, "Endow 0 rao.");
        if (!TryAdd(BalanceOf(command.Coldkey), command.AmountRao, out var balance) || !TryAdd(TotalIssuance, command.AmountRao, out var issuance))
            return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, $"Endowing {command.AmountRao} rao would overflow a u64.");
        _balances[command.Coldkey] = balance;
        TotalIssuance = issuance;
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyTransfer(Transfer command)
    {
        if (CheckKey(command.FromColdkey, "sender coldkey") is { } fromError) return Refuse(fromError);
        if (CheckKey(command.ToColdkey, "receiving coldkey") is { } toError) return Refuse(toError);
        if (command.AmountRao == 0) return LedgerOutcome.Refuse(LedgerErrorCode.AmountTooLow, "Transfer of 0 rao.");
        var available = BalanceOf(command.FromColdkey);
        if (available < command.AmountRao)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotEnoughBalance, $"{command.FromColdkey} has {available} rao, not {command.AmountRao}.");
        if (command.FromColdkey == command.ToColdkey) return LedgerOutcome.Ok;
        if (!TryAdd(BalanceOf(command.ToColdkey), command.AmountRao, out var received))
            return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, $"{command.ToColdkey}'s balance would overflow a u64.");
        SetBalance(command.FromColdkey, available - command.AmountRao);
        _balances[command.ToColdkey] = received;
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyAddStake(AddStake command)
    {
        if (CheckKey(command.Coldkey, "coldkey") is { } coldError) return Refuse(coldError);
        if (CheckKey(command.Hotkey, "hotkey") is { } hotError) return Refuse(hotError);
        if (!_hotkeys.TryGetValue(command.Hotkey, out var account))
            return LedgerOutcome.Refuse(LedgerErrorCode.HotKeyAccountNotExists, $"Hotkey {command.Hotkey} has never been registered.");
        if (command.AmountRao == 0) return LedgerOutcome.Refuse(LedgerErrorCode.AmountTooLow, "Stake of 0 rao.");
        var available = BalanceOf(command.Coldkey);
        if (available < command.AmountRao)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotEnoughBalance, $"{command.Coldkey} has {available} rao, not {command.AmountRao}.");
        if (!TryAdd(account.TotalStake, command.AmountRao, out _))
            return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, $"The stake on {command.Hotkey} would overflow a u64.");
        SetBalance(command.Coldkey, available - command.AmountRao);
        account.Credit(command.Coldkey, command.AmountRao);
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyRemoveStake(RemoveStake command)
    {
        if (CheckKey(command.Coldkey, "coldkey") is { } coldError) return Refuse(coldError);
        if (CheckKey(command.Hotkey, "hotkey") is { } hotError) return Refuse(hotError);
        if (!_hotkeys.TryGetValue(command.Hotkey, out var account))
            return LedgerOutcome.Refuse(LedgerErrorCode.HotKeyAccountNotExists, $"Hotkey {command.Hotkey} has never been registered.");
        if (command.AmountRao == 0) return LedgerOutcome.Refuse(LedgerErrorCode.AmountTooLow, "Unstake of 0 rao.");
        var staked = account.StakeOf(command.Coldkey);
        if (staked < command.AmountRao)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotEnoughStakeToWithdraw, $"{command.Coldkey} has {staked} rao staked on {command.Hotkey}, not {command.AmountRao}.");
        if (!TryAdd(BalanceOf(command.Coldkey), command.AmountRao, out var balance))
            return LedgerOutcome.Refuse(LedgerErrorCode.ArithmeticOverflow, $"{command.Coldkey}'s balance would overflow a u64.");
        account.Debit(command.Coldkey, command.AmountRao);
        _balances[command.Coldkey] = balance;
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplySetDelegateTake(SetDelegateTake command)
    {
        if (OwnedHotkey(command.Coldkey, command.Hotkey, out var account) is { } error) return Refuse(error);
        if (command.Take > Settings.MaxDelegateTake)
            return LedgerOutcome.Refuse(LedgerErrorCode.DelegateTakeTooHigh, $"A take of {command.Take}/65535 exceeds the chain's maximum of {Settings.MaxDelegateTake}/65535.");
        account.Take = command.Take;
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyCreateSubnet(CreateSubnet command)
    {
        if (CheckKey(command.OwnerColdkey, "coldkey") is { } keyError) return Refuse(keyError);
        if (_subnets.Count >= Settings.MaxSubnets)
            return LedgerOutcome.Refuse(LedgerErrorCode.TooManySubnets, $"The ledger already has {_subnets.Count} subnets, its limit.");
        var available = BalanceOf(command.OwnerColdkey);
        if (available < Settings.SubnetLockRao)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotEnoughBalance, $"Creating a subnet locks {Settings.SubnetLockRao} rao; {command.OwnerColdkey} has {available}.");
        ushort netUid = 1;
        while (_subnets.ContainsKey(netUid)) netUid++;
        SetBalance(command.OwnerColdkey, available - Settings.SubnetLockRao);
        _subnets[netUid] = new SubnetState
        {
            NetUid = netUid,
            Owner = command.OwnerColdkey,
            Hyperparameters = Settings.NewSubnet,
            CreatedBlock = Block,
            LastEpochBlock = Block,
            LockedRao = Settings.SubnetLockRao,
        };
        return new LedgerOutcome(null, netUid);
    }

    private LedgerOutcome ApplyServeAxon(ServeAxon command)
    {
        if (SubnetFor(command.NetUid, out var subnet) is { } missing) return missing;
        if (CheckKey(command.Hotkey, "hotkey") is { } keyError) return Refuse(keyError);
        var uid = subnet.UidOf(command.Hotkey);
        if (uid < 0)
            return LedgerOutcome.Refuse(LedgerErrorCode.HotKeyNotRegisteredInSubNet, $"Hotkey {command.Hotkey} is not registered on subnet {command.NetUid}.");
        if (!IsIpAddress(command.Ip) || command.Port is < 1 or > 65535)
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidAxonEndpoint, $"'{command.Ip}:{command.Port}' is not an IP address and a port in 1…65535.");
        subnet.Neurons[uid].AxonIp = command.Ip;
        subnet.Neurons[uid].AxonPort = command.Port;
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplySetHyperparameter(SetHyperparameter command)
    {
        if (SubnetFor(command.NetUid, out var subnet) is { } missing) return missing;
        if (subnet.Owner != command.OwnerColdkey)
            return LedgerOutcome.Refuse(LedgerErrorCode.NotSubnetOwner, $"{command.OwnerColdkey} does not own subnet {command.NetUid}.");
        if (command.Name is null || command.Value is null)
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidHyperparameterValue, "A hyperparameter change needs a name and a value.");
        var (changed, error) = subnet.Hyperparameters.With(command.Name, command.Value);
        if (error is not null) return Refuse(error);
        subnet.Hyperparameters = changed!;
        return LedgerOutcome.Ok;
    }

    // IPv6, or IPv4 written in full: IPAddress.TryParse alone would take "1" for 0.0.0.1.
    private static bool IsIpAddress(string? text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text!.Count(c => c == '.') == 3);

    /// <summary>The hotkey's account if the coldkey owns it; an unknown hotkey or a foreign one is an error.</summary>
    private LedgerError? OwnedHotkey(string coldkey, string hotkey, out HotkeyAccount account)
    {
        account = null!;
        if (CheckKey(coldkey, "coldkey") is { } coldError) return coldError;
        if (CheckKey(hotkey, "hotkey") is { } hotError) return hotError;
        if (!_hotkeys.TryGetValue(hotkey, out var found))
            return new LedgerError(LedgerErrorCode.HotKeyAccountNotExists, $"Hotkey {hotkey} has never been registered.");
        if (found.Owner != coldkey)
            return new LedgerError(LedgerErrorCode.NonAssociatedColdKey, $"Hotkey {hotkey} belongs to {found.Owner}, not {coldkey}.");
        account = found;
        return null;
    }

    private void SetBalance(string coldkey, ulong balance)
    {
        if (balance == 0) _balances.Remove(coldkey);
        else _balances[coldkey] = balance;
    }

    private static bool TryAdd(ulong a, ulong b, out ulong sum)
    {
        sum = unchecked(a + b);
        return sum >= a;
    }
}
