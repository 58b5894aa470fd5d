using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>
/// The outputs of one epoch for every uid (subtensor's <c>EpochTerms</c>, as vectors): the fixed-point terms, the
/// u16 values the chain stores, emission in rao, and the bonds and permits the next epoch reads.
/// </summary>
public sealed class EpochTerms
{
    public required bool[] Active { get; init; }

    /// <summary>Permits for the next epoch: the top-K uids by stake.</summary>
    public required bool[] NewValidatorPermit { get; init; }

    /// <summary>Normalised stake S (after the stake threshold).</summary>
    public required I32F32[] Stake { get; init; }

    /// <summary>Active stake A: S of active, permitted validators, renormalised.</summary>
    public required I32F32[] ActiveStake { get; init; }

    public required I32F32[] Consensus { get; init; }
    public required I32F32[] Incentive { get; init; }
    public required I32F32[] Dividends { get; init; }
    public required I32F32[] ValidatorTrust { get; init; }

    /// <summary>Incentive share of the emission, in rao.</summary>
    public required ulong[] ServerEmission { get; init; }

    /// <summary>Dividend share of the emission, in rao.</summary>
    public required ulong[] ValidatorEmission { get; init; }

    /// <summary>The combined emission the chain stores as <c>Emission</c>, in rao.</summary>
    public required ulong[] Emission { get; init; }

    /// <summary>Bonds to store: a row for each uid with a new permit, empty rows for the others.</summary>
    public required SparseRows<ushort> Bonds { get; init; }

    /// <summary>Rank, trust and pruning score as the chain computed them until 2025-10 (null unless asked for).</summary>
    public LegacyScores? Legacy { get; init; }

    public ushort[] ConsensusU16 => ToU16(Consensus);
    public ushort[] IncentiveU16 => ToU16(Incentive);
    public ushort[] DividendsU16 => ToU16(Dividends);
    public ushort[] ValidatorTrustU16 => ToU16(ValidatorTrust);

    /// <summary>The stored <c>StakeWeight</c>.</summary>
    public ushort[] StakeWeightU16 => ToU16(Stake);

    private static ushort[] ToU16(I32F32[] values) => Array.ConvertAll(values, EpochMath.FixedProportionToU16);
}

/// <summary>The scores the chain stopped computing on 2025-10-29 (commit 8fb5c368), kept for older experiments.</summary>
public sealed record LegacyScores(ushort[] Rank, ushort[] Trust, ushort[] PruningScore);
