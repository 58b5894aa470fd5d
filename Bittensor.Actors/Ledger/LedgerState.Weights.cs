using Bittensor.Consensus;

namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    private LedgerOutcome ApplySetWeights(SetWeights command)
    {
        if (SubnetFor(command.NetUid, out var subnet) is { } missing) return missing;
        if (CheckKey(command.Hotkey, "hotkey") is { } keyError) return Refuse(keyError);
        if (subnet.Hyperparameters.Consensus.CommitRevealEnabled)
            return LedgerOutcome.Refuse(LedgerErrorCode.CommitRevealEnabled, $"Subnet {command.NetUid} takes weights by commit and reveal.");
        if (CheckWeights(subnet, command.Hotkey, command.Uids, command.Values, command.VersionKey, checkRateLimit: true, out var uid, out var stored) is { } error)
            return Refuse(error);
        StoreWeights(subnet, uid, stored);
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyCommitWeights(CommitWeights command)
    {
        if (SubnetFor(command.NetUid, out var subnet) is { } missing) return missing;
        if (CheckKey(command.Hotkey, "hotkey") is { } keyError) return Refuse(keyError);
        if (!subnet.Hyperparameters.Consensus.CommitRevealEnabled)
            return LedgerOutcome.Refuse(LedgerErrorCode.CommitRevealDisabled, $"Subnet {command.NetUid} takes weights directly; commit-reveal is off.");
        if (subnet.UidOf(command.Hotkey) < 0)
            return LedgerOutcome.Refuse(LedgerErrorCode.HotKeyNotRegisteredInSubNet, $"Hotkey {command.Hotkey} is not registered on subnet {command.NetUid}.");
        if (command.CommitHash is not { Length: 32 })
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidRevealCommitHashNotMatch, "A commit is a 32-byte SHA256 hash.");
        if (subnet.Commits.TryGetValue(command.Hotkey, out var pending) && !IsExpired(subnet, pending))
            return LedgerOutcome.Refuse(LedgerErrorCode.CommitAlreadyPending, $"Hotkey {command.Hotkey} has a commit from block {pending.Block} still to reveal.");
        subnet.Commits[command.Hotkey] = new WeightsCommit((byte[])command.CommitHash.Clone(), Block, subnet.EpochsRun);
        return LedgerOutcome.Ok;
    }

    private LedgerOutcome ApplyRevealWeights(RevealWeights command)
    {
        if (SubnetFor(command.NetUid, out var subnet) is { } missing) return missing;
        if (CheckKey(command.Hotkey, "hotkey") is { } keyError) return Refuse(keyError);
        if (!subnet.Hyperparameters.Consensus.CommitRevealEnabled)
            return LedgerOutcome.Refuse(LedgerErrorCode.CommitRevealDisabled, $"Subnet {command.NetUid} takes weights directly; commit-reveal is off.");
        if (!subnet.Commits.TryGetValue(command.Hotkey, out var commit))
            return LedgerOutcome.Refuse(LedgerErrorCode.NoWeightsCommitFound, $"Hotkey {command.Hotkey} has no commit on subnet {command.NetUid}.");
        var revealEpoch = commit.Epoch + (ulong)subnet.Hyperparameters.RevealPeriodEpochs;
        if (subnet.EpochsRun < revealEpoch)
            return LedgerOutcome.Refuse(LedgerErrorCode.RevealTooEarly, $"The commit of block {commit.Block} can be revealed after epoch {revealEpoch}; this is epoch {subnet.EpochsRun}.");
        if (IsExpired(subnet, commit))
            return LedgerOutcome.Refuse(LedgerErrorCode.ExpiredWeightCommit, $"The commit of block {commit.Block} had to be revealed in epoch {revealEpoch}; this is epoch {subnet.EpochsRun}.");
        var hash = WeightsCommitHash.Compute(command.Hotkey, command.NetUid, command.Uids ?? [], command.Values ?? [], command.Salt ?? [], command.VersionKey);
        if (!hash.AsSpan().SequenceEqual(commit.Hash))
            return LedgerOutcome.Refuse(LedgerErrorCode.InvalidRevealCommitHashNotMatch, "The revealed weights, salt and version key do not hash to the commit.");
        if (CheckWeights(subnet, command.Hotkey, command.Uids, command.Values, command.VersionKey, checkRateLimit: false, out var uid, out var stored) is { } error)
            return Refuse(error);
        subnet.Commits.Remove(command.Hotkey);
        StoreWeights(subnet, uid, stored);
        return LedgerOutcome.Ok;
    }

    /// <summary>A commit whose reveal epoch has passed.</summary>
    private static bool IsExpired(SubnetState subnet, WeightsCommit commit) =>
        subnet.EpochsRun > commit.Epoch + (ulong)subnet.Hyperparameters.RevealPeriodEpochs;

    /// <summary>
    /// The chain's checks on a weights call (yuma-spec §4.1), in its order, and the row to store: the values
    /// max-upscaled to u16 (<c>vec_u16_max_upscale_to_u16</c>), in the order given, zeros kept.
    /// </summary>
    private LedgerError? CheckWeights(SubnetState subnet, string hotkey, ushort[]? uids, ushort[]? values, ulong versionKey,
        bool checkRateLimit, out int uid, out (ushort Uid, ushort Value)[] stored)
    {
        stored = [];
        uid = -1;
        var rules = subnet.Hyperparameters;
        var n = subnet.Neurons.Count;
        if (uids is null || values is null || uids.Length != values.Length)
            return new LedgerError(LedgerErrorCode.WeightVecNotEqualSize, $"{uids?.Length ?? 0} uids but {values?.Length ?? 0} values.");
        if (uids.Length > n)
            return new LedgerError(LedgerErrorCode.TooManyUids, $"{uids.Length} weights for a subnet of {n} uids.");
        uid = subnet.UidOf(hotkey);
        if (uid < 0)
            return new LedgerError(LedgerErrorCode.HotKeyNotRegisteredInSubNet, $"Hotkey {hotkey} is not registered on subnet {subnet.NetUid}.");
        if (StakeOf(hotkey) < rules.Consensus.StakeThreshold)
            return new LedgerError(LedgerErrorCode.NotEnoughStakeToSetWeights, $"Hotkey {hotkey} has {StakeOf(hotkey)} rao staked; weights need {rules.Consensus.StakeThreshold}.");
        if (versionKey < rules.WeightsVersion)
            return new LedgerError(LedgerErrorCode.IncorrectWeightVersionKey, $"Version key {versionKey} is older than the subnet's {rules.WeightsVersion}.");
        var neuron = subnet.Neurons[uid];
        if (checkRateLimit && neuron.LastUpdate != 0 && Block - neuron.LastUpdate < rules.WeightsRateLimit)
            return new LedgerError(LedgerErrorCode.SettingWeightsTooFast,
                $"Hotkey {hotkey} set weights at block {neuron.LastUpdate}; the next may come at block {neuron.LastUpdate + rules.WeightsRateLimit}.");
        var selfWeightOnly = uids.Length == 1 && uids[0] == uid;
        if (!selfWeightOnly && !neuron.ValidatorPermit)
            return new LedgerError(LedgerErrorCode.NeuronNoValidatorPermit, $"Uid {uid} has no validator permit, so it may only weight itself.");
        var seen = new HashSet<ushort>();
        foreach (var target in uids)
        {
            if (!seen.Add(target)) return new LedgerError(LedgerErrorCode.DuplicateUids, $"Uid {target} appears twice.");
            if (target >= n) return new LedgerError(LedgerErrorCode.UidVecContainInvalidOne, $"Uid {target} does not exist on a subnet of {n} uids.");
        }
        if (!selfWeightOnly && uids.Length < Math.Min(rules.MinAllowedWeights, n))
            return new LedgerError(LedgerErrorCode.WeightVecLengthIsLow, $"{uids.Length} weights; the subnet needs at least {Math.Min(rules.MinAllowedWeights, n)}.");
        var upscaled = EpochMath.VecU16MaxUpscaleToU16(values);
        if (rules.MaxWeightLimit != ushort.MaxValue && !EpochMath.CheckVecMaxLimited(upscaled, (ushort)rules.MaxWeightLimit))
            return new LedgerError(LedgerErrorCode.MaxWeightExceeded, $"A weight exceeds max_weight_limit {rules.MaxWeightLimit}/65535 of the total.");
        stored = new (ushort, ushort)[uids.Length];
        for (var k = 0; k < uids.Length; k++) stored[k] = (uids[k], upscaled[k]);
        return null;
    }

    private void StoreWeights(SubnetState subnet, int uid, (ushort Uid, ushort Value)[] stored)
    {
        subnet.Neurons[uid].Weights = stored;
        subnet.Neurons[uid].LastUpdate = Block;
    }
}
