using NSec.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// An Ed25519 keypair (a hotkey or a coldkey), backed by NSec/libsodium. The private part is the 32-byte seed
/// of RFC 8032; the public part is 32 bytes and is what an <see cref="Address"/> encodes.
/// A keypair without the private part (<see cref="FromPublicKey"/>) can only verify.
/// </summary>
public sealed class Keypair : IDisposable
{
    /// <summary>Length of a seed (the private key) in bytes.</summary>
    public const int SeedLength = 32;

    /// <summary>Length of a public key in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of a signature in bytes.</summary>
    public const int SignatureLength = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly Key? privateKey;
    private readonly PublicKey publicKey;
    private readonly byte[] publicKeyBytes;

    private Keypair(Key? privateKey, PublicKey publicKey)
    {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        publicKeyBytes = publicKey.Export(KeyBlobFormat.RawPublicKey);
        Address = Address.FromPublicKey(publicKeyBytes);
    }

    /// <summary>The 32 raw public-key bytes (a copy).</summary>
    public byte[] PublicKey => (byte[])publicKeyBytes.Clone();

    /// <summary>The 32 raw public-key bytes, without copying.</summary>
    public ReadOnlySpan<byte> PublicKeySpan => publicKeyBytes;

    /// <summary>The readable address of the public key.</summary>
    public Address Address { get; }

    /// <summary>Whether this keypair can sign (holds the private seed).</summary>
    public bool CanSign => privateKey is not null;

    /// <summary>A fresh random keypair.</summary>
    public static Keypair Generate()
    {
        var key = Key.Create(Algorithm, ExportableParameters());
        return new Keypair(key, key.PublicKey);
    }

    /// <summary>The keypair of a 32-byte seed (deterministic: the same seed gives the same keys).</summary>
    public static Keypair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedLength} bytes, got {seed.Length}.", nameof(seed));
        }

        var key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, ExportableParameters());
        return new Keypair(key, key.PublicKey);
    }

    /// <summary>A verify-only keypair of 32 public-key bytes.</summary>
    public static Keypair FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            throw new ArgumentException(
                $"An Ed25519 public key is {PublicKeyLength} bytes, got {publicKey.Length}.", nameof(publicKey));
        }

        if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var imported)
            || imported is null)
        {
            throw new ArgumentException("The bytes are not a valid Ed25519 public key.", nameof(publicKey));
        }

        return new Keypair(null, imported);
    }

    /// <summary>A verify-only keypair of an address.</summary>
    public static Keypair FromAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return FromPublicKey(address.PublicKeySpan);
    }

    /// <summary>The 32-byte seed (a copy). Handle with care: it is the secret.</summary>
    public byte[] ExportSeed()
    {
        EnsurePrivate();
        return privateKey!.Export(KeyBlobFormat.RawPrivateKey);
    }

    /// <summary>Signs <paramref name="data"/>, returning a 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        EnsurePrivate();
        return Algorithm.Sign(privateKey!, data);
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        EnsurePrivate();
        Algorithm.Sign(privateKey!, data, signature);
    }

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureLength && Algorithm.Verify(publicKey, data, signature);

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="data"/> by <paramref name="signer"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> signer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signer.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return NSec.Cryptography.PublicKey.TryImport(Algorithm, signer, KeyBlobFormat.RawPublicKey, out var key)
            && key is not null
            && Algorithm.Verify(key, data, signature);
    }

    /// <inheritdoc />
    public void Dispose() => privateKey?.Dispose();

    /// <inheritdoc />
    public override string ToString() => Address.ToString();

    private void EnsurePrivate()
    {
        if (privateKey is null)
        {
            throw new InvalidOperationException($"The keypair of {Address} holds only a public key and cannot sign.");
        }
    }

    private static KeyCreationParameters ExportableParameters() =>
        new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
