namespace Bittensor.Consensus;

/// <summary>
/// Everything one epoch of one subnet reads from the chain (yuma-spec §2): per-uid stake, weights and bonds as
/// stored, activity and registration blocks, the permits the previous epoch stored, and the amount to emit.
/// </summary>
/// <remarks>
/// Vectors follow the chain's storage, including its quirks: <see cref="LastUpdate"/> may be shorter than
/// <see cref="N"/> and is padded with 0 (never updated), as <c>get_last_update</c> does; <see cref="ValidatorPermit"/>
/// may be shorter too and is not padded (uids past its end are not permitted, and an empty vector forbids no stake
/// but masks every weight row, as <c>inplace_mask_vector</c> and <c>mask_rows_sparse</c> differ); weight or bond
/// entries for a uid ≥ n are ignored.
/// </remarks>
public sealed record EpochState
{
    /// <summary>Number of uids in the subnet.</summary>
    public required int N { get; init; }

    public required ulong CurrentBlock { get; init; }

    /// <summary>Stake per uid in rao.</summary>
    public required ulong[] Stake { get; init; }

    /// <summary>Weights as <c>set_weights</c> stored them: (uid, u16) per validator row, in the validator's order.</summary>
    public required SparseRows<ushort> Weights { get; init; }

    /// <summary>Bonds as the previous epoch stored them.</summary>
    public required SparseRows<ushort> Bonds { get; init; }

    /// <summary>Block of each uid's last weights (padded with 0 up to n).</summary>
    public required ulong[] LastUpdate { get; init; }

    /// <summary>Block at which each uid was (re)registered.</summary>
    public required ulong[] BlockAtRegistration { get; init; }

    /// <summary>Permits stored by the previous epoch.</summary>
    public required bool[] ValidatorPermit { get; init; }

    /// <summary>The uid of the subnet owner's hotkey, if registered: it keeps its self-weight and a permit.</summary>
    public ushort? OwnerUid { get; init; }

    /// <summary>Block of the previous successful epoch (0 if none): bonds of uids registered since are masked.</summary>
    public ulong LastMechanismStepBlock { get; init; }

    /// <summary>
    /// With commit-reveal on: per uid, the block of its earliest unexpired commit (none: <see cref="ulong.MaxValue"/>).
    /// Missing entries count as none.
    /// </summary>
    public ulong[] CommitBlock { get; init; } = [];

    /// <summary>The rao this epoch distributes.</summary>
    public ulong RaoEmission { get; init; } = 1_000_000_000;

    /// <summary>
    /// Throws <see cref="EpochInputException"/> naming the first malformed field. A state that passes can be run by
    /// <see cref="Epoch.Run"/> without any exception from inside the algorithm.
    /// </summary>
    public EpochState Validate()
    {
        if (N < 0 || N > ushort.MaxValue + 1)
            throw new EpochInputException(nameof(N), $"n = {N} is outside 0…65536 (uids are u16).");
        RequireLength(nameof(Stake), Stake?.Length, exact: true);
        RequireLength(nameof(BlockAtRegistration), BlockAtRegistration?.Length, exact: true);
        RequireLength(nameof(LastUpdate), LastUpdate?.Length, exact: false);
        RequireLength(nameof(ValidatorPermit), ValidatorPermit?.Length, exact: false);
        if (CommitBlock is null) throw new EpochInputException(nameof(CommitBlock), "commit blocks are missing (use an empty array).");
        RequireLength(nameof(CommitBlock), CommitBlock.Length, exact: false);
        if (OwnerUid is { } owner && owner >= N)
            throw new EpochInputException(nameof(OwnerUid), $"owner uid {owner} is not below n = {N}.");

        // The chain normalises stake in I64F64, whose integer part is signed 64-bit: the total must fit.
        UInt128 total = 0;
        foreach (var stake in Stake!) total += stake;
        if (total > long.MaxValue)
            throw new EpochInputException(nameof(Stake), $"total stake {total} rao exceeds {long.MaxValue}, the largest the chain can normalise.");

        RequireRows(nameof(Weights), Weights);
        RequireRows(nameof(Bonds), Bonds);
        return this;
    }

    private void RequireLength(string field, int? length, bool exact)
    {
        if (length is null) throw new EpochInputException(field, $"{field} is missing.");
        if (exact ? length != N : length > N)
            throw new EpochInputException(field, $"{field} has {length} entries; {(exact ? "exactly" : "at most")} n = {N} expected.");
    }

    private void RequireRows(string field, SparseRows<ushort>? rows)
    {
        if (rows is null) throw new EpochInputException(field, $"{field} is missing.");
        if (rows.RowCount > N)
            throw new EpochInputException(field, $"{field} has {rows.RowCount} rows; at most n = {N} expected.");
        // The row that last named each uid: a uid named twice in one row is a duplicate. Uids ≥ n are ignored
        // by the epoch, so only those below n are tracked.
        var lastRow = new int[N];
        Array.Fill(lastRow, -1);
        for (var i = 0; i < rows.RowCount; i++)
        {
            foreach (var column in rows.Columns(i))
            {
                if (column < 0)
                    throw new EpochInputException(field, $"{field} row {i} names uid {column}; uids are not negative.");
                if (column >= N) continue;
                if (lastRow[column] == i)
                    throw new EpochInputException(field, $"{field} row {i} names uid {column} twice; the chain stores each uid once per row.");
                lastRow[column] = i;
            }
        }
    }
}
