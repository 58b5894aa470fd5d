namespace Bittensor.Consensus;

/// <summary>How the epoch turns weights into consensus and incentive.</summary>
public enum ConsensusVariant
{
    /// <summary>
    /// Yuma Consensus as on the chain since 2023-03: consensus is the stake-weighted κ-median of each column,
    /// weights are clipped at it, and incentive is the stake-weighted sum of clipped weights.
    /// </summary>
    Yuma,

    /// <summary>
    /// The whitepaper-era YC1 (Nakamoto 2021–23, the root network until 2025-02): trust is the active stake that
    /// put a non-zero weight on a uid, consensus is <c>sigmoid(ρ·(trust − κ))</c>, and incentive is
    /// <c>normalize(rank ⊙ consensus)</c>. Nothing is clipped. Bonds and dividends follow the chosen bond model.
    /// </summary>
    Yc1Sigmoid,
}
