namespace Bittensor.Identity;

/// <summary>
/// Argon2id cost parameters for deriving a coldkey's encryption key from its password. libsodium (through NSec)
/// supports only one lane, so the parallelism is always 1; the salt is always 16 bytes.
/// The parameters used are written into each coldkey file, so a file stays readable when the defaults change.
/// </summary>
/// <param name="MemoryKiB">Memory in KiB (default 64 MiB).</param>
/// <param name="Passes">Number of passes over the memory (default 3).</param>
public sealed record Argon2Settings(int MemoryKiB, int Passes)
{
    /// <summary>The only parallelism libsodium offers.</summary>
    public const int Parallelism = 1;

    /// <summary>The salt length Argon2id takes in libsodium.</summary>
    public const int SaltLength = 16;

    /// <summary>Moderate defaults: 64 MiB, 3 passes (about 70 ms on a small machine).</summary>
    public static Argon2Settings Default { get; } = new(64 * 1024, 3);

    /// <summary>Cheap parameters for tests only (not safe for real keys).</summary>
    public static Argon2Settings Fast { get; } = new(8 * 1024, 1);

    /// <summary>Throws when the parameters are out of the range libsodium accepts.</summary>
    public void Validate()
    {
        if (MemoryKiB < 8 || Passes < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MemoryKiB), $"Argon2id needs at least 8 KiB of memory and 1 pass (got {MemoryKiB} KiB, {Passes} passes).");
        }
    }
}
