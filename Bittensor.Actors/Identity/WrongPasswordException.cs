namespace Bittensor.Identity;

/// <summary>
/// The password does not open the coldkey: the authenticated decryption failed. (An altered ciphertext fails the
/// same way; AEAD cannot tell the two apart.)
/// </summary>
public sealed class WrongPasswordException : Exception
{
    /// <summary>Creates the exception for the keyfile at <paramref name="path"/>.</summary>
    public WrongPasswordException(string path)
        : base($"Wrong password for the coldkey '{path}' (or its ciphertext was altered).") => Path = path;

    /// <summary>The keyfile.</summary>
    public string Path { get; }
}
