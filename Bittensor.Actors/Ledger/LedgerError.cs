namespace Bittensor.Ledger;

/// <summary>
/// Why the ledger refused a command. Names follow subtensor's <c>Error</c> variants where the chain has one. A
/// refused command changes nothing.
/// </summary>
public enum LedgerErrorCode
{
    /// <summary>The subnet does not exist.</summary>
    SubnetNotExists = 1,
    /// <summary>The command is not allowed on the root subnet (netuid 0).</summary>
    RegistrationNotPermittedOnRootSubnet,
    /// <summary>The hotkey is not registered on the subnet.</summary>
    HotKeyNotRegisteredInSubNet,
    /// <summary>The hotkey is already registered on the subnet.</summary>
    HotKeyAlreadyRegisteredInSubNet,
    /// <summary>The hotkey belongs to another coldkey.</summary>
    NonAssociatedColdKey,
    /// <summary>The hotkey has never been seen (no owner).</summary>
    HotKeyAccountNotExists,
    /// <summary>The coldkey's free balance is too small.</summary>
    NotEnoughBalance,
    /// <summary>The coldkey's stake on the hotkey is too small.</summary>
    NotEnoughStakeToWithdraw,
    /// <summary>An amount of zero rao.</summary>
    AmountTooLow,
    /// <summary>An amount that would overflow a u64 of rao.</summary>
    ArithmeticOverflow,
    /// <summary>The subnet already had max_regs_per_block registrations this block.</summary>
    TooManyRegistrationsThisBlock,
    /// <summary>The subnet is full and every uid is still immune.</summary>
    AllNeuronsImmune,
    /// <summary>The proof of work is not for a recent block.</summary>
    InvalidWorkBlock,
    /// <summary>The seal does not meet the difficulty.</summary>
    InvalidDifficulty,
    /// <summary>uids and values differ in length.</summary>
    WeightVecNotEqualSize,
    /// <summary>More weights than the subnet has uids.</summary>
    TooManyUids,
    /// <summary>A uid appears twice.</summary>
    DuplicateUids,
    /// <summary>A uid that does not exist on the subnet.</summary>
    UidVecContainInvalidOne,
    /// <summary>Fewer weights than min_allowed_weights.</summary>
    WeightVecLengthIsLow,
    /// <summary>A normalised weight above max_weight_limit.</summary>
    MaxWeightExceeded,
    /// <summary>Weights set again before weights_rate_limit blocks passed.</summary>
    SettingWeightsTooFast,
    /// <summary>The version key is below the subnet's weights_version.</summary>
    IncorrectWeightVersionKey,
    /// <summary>Weights on other uids need a validator permit.</summary>
    NeuronNoValidatorPermit,
    /// <summary>The hotkey's stake is below the stake threshold.</summary>
    NotEnoughStakeToSetWeights,
    /// <summary>Commit-reveal is on: weights must be committed and revealed.</summary>
    CommitRevealEnabled,
    /// <summary>Commit-reveal is off: commit and reveal are not accepted.</summary>
    CommitRevealDisabled,
    /// <summary>A commit is already waiting to be revealed.</summary>
    CommitAlreadyPending,
    /// <summary>No commit is waiting for this hotkey.</summary>
    NoWeightsCommitFound,
    /// <summary>The reveal comes before its reveal epoch.</summary>
    RevealTooEarly,
    /// <summary>The reveal epoch has passed.</summary>
    ExpiredWeightCommit,
    /// <summary>The revealed weights do not hash to the commit.</summary>
    InvalidRevealCommitHashNotMatch,
    /// <summary>Only the subnet owner may change its hyperparameters.</summary>
    NotSubnetOwner,
    /// <summary>A hyperparameter name the subnet does not have.</summary>
    UnknownHyperparameter,
    /// <summary>A hyperparameter value outside its domain.</summary>
    InvalidHyperparameterValue,
    /// <summary>An axon endpoint that is not a valid IP address and port.</summary>
    InvalidAxonEndpoint,
    /// <summary>A key that is empty or malformed.</summary>
    InvalidKey,
    /// <summary>The subnet limit is reached.</summary>
    TooManySubnets,
    /// <summary>A delegate take above the maximum.</summary>
    DelegateTakeTooHigh,
    /// <summary>An endowment the ledger's faucet does not give (off, or above its limit per request).</summary>
    FaucetRefused,
}

/// <summary>A refusal: its code and a message that says what was wrong.</summary>
public sealed record LedgerError(LedgerErrorCode Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
