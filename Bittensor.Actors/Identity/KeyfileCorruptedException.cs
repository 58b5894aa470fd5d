namespace Bittensor.Identity;

/// <summary>A keyfile exists but cannot be read: bad JSON, a missing or malformed field, or keys that do not match.</summary>
public sealed class KeyfileCorruptedException : Exception
{
    /// <summary>Creates the exception for the keyfile at <paramref name="path"/>.</summary>
    public KeyfileCorruptedException(string path, string reason, Exception? inner = null)
        : base($"The keyfile '{path}' is corrupted: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The keyfile.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
