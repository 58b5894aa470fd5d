using System.Text;
using NSec.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// The readable form of a 32-byte public key, in the SS58 layout that Bittensor (Substrate) users know:
/// <c>base58( prefix ‖ publicKey ‖ checksum )</c>, with
/// <list type="bullet">
/// <item>prefix: one byte, the network id <see cref="NetworkPrefix"/> = 42 (the generic Substrate id that
/// Bittensor uses), so every address starts with the character <c>5</c> and has 48 characters;</item>
/// <item>checksum: the first 2 bytes of BLAKE2b-512 over the ASCII bytes <c>"SS58PRE"</c> ‖ prefix ‖ publicKey;</item>
/// <item>base58: the Bitcoin alphabet (no <c>0</c>, <c>O</c>, <c>I</c>, <c>l</c>), leading zero bytes as <c>1</c>.</item>
/// </list>
/// The keys here are Ed25519 (Bittensor's library default is sr25519), so an address made here names an Ed25519
/// key even though it has the same shape as one made by Bittensor. Equality is by public key.
/// </summary>
public sealed class Address : IEquatable<Address>
{
    /// <summary>The SS58 network prefix written into every address.</summary>
    public const byte NetworkPrefix = 42;

    /// <summary>Number of checksum bytes.</summary>
    public const int ChecksumLength = 2;

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int PayloadLength = 1 + Keypair.PublicKeyLength + ChecksumLength;
    private static readonly byte[] ChecksumContext = "SS58PRE"u8.ToArray();
    private static readonly sbyte[] AlphabetIndex = BuildIndex();

    private readonly byte[] publicKey;
    private readonly string text;

    private Address(byte[] publicKey, string text)
    {
        this.publicKey = publicKey;
        this.text = text;
    }

    /// <summary>The 32 public-key bytes (a copy).</summary>
    public byte[] PublicKey => (byte[])publicKey.Clone();

    /// <summary>The 32 public-key bytes, without copying.</summary>
    public ReadOnlySpan<byte> PublicKeySpan => publicKey;

    /// <summary>The address of 32 public-key bytes.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Keypair.PublicKeyLength)
        {
            throw new ArgumentException(
                $"A public key is {Keypair.PublicKeyLength} bytes, got {publicKey.Length}.", nameof(publicKey));
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        payload[0] = NetworkPrefix;
        publicKey.CopyTo(payload[1..]);
        Checksum(payload[..(1 + Keypair.PublicKeyLength)], payload[(1 + Keypair.PublicKeyLength)..]);
        return new Address(publicKey.ToArray(), EncodeBase58(payload));
    }

    /// <summary>Parses an address, throwing <see cref="FormatException"/> with the reason when it is not one.</summary>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var address, out var error) ? address! : throw new FormatException(error);
    }

    /// <summary>Parses an address; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out Address? address, out string? error)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "An address cannot be empty.";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 128 || AlphabetIndex[c] < 0)
            {
                error = $"The address '{text}' has a character '{c}' at position {i} that is not in the base58 alphabet.";
                return false;
            }
        }

        var payload = DecodeBase58(text);
        if (payload.Length != PayloadLength)
        {
            error = $"The address '{text}' decodes to {payload.Length} bytes; an address is {PayloadLength} "
                + "(1 prefix, 32 public key, 2 checksum).";
            return false;
        }

        if (payload[0] != NetworkPrefix)
        {
            error = $"The address '{text}' has network prefix {payload[0]}; expected {NetworkPrefix}.";
            return false;
        }

        Span<byte> expected = stackalloc byte[ChecksumLength];
        Checksum(payload.AsSpan(0, 1 + Keypair.PublicKeyLength), expected);
        if (!expected.SequenceEqual(payload.AsSpan(1 + Keypair.PublicKeyLength)))
        {
            error = $"The address '{text}' has a wrong checksum (a mistyped character?).";
            return false;
        }

        address = new Address(payload.AsSpan(1, Keypair.PublicKeyLength).ToArray(), text);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Address? other) =>
        other is not null && (ReferenceEquals(this, other) || publicKey.AsSpan().SequenceEqual(other.publicKey));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Address);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // HashCode is seeded per process, so chosen keys cannot flood a dictionary keyed by address.
        var hash = default(HashCode);
        hash.AddBytes(publicKey);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => text;

    /// <summary>Equality by public key.</summary>
    public static bool operator ==(Address? left, Address? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by public key.</summary>
    public static bool operator !=(Address? left, Address? right) => !(left == right);

    private static void Checksum(ReadOnlySpan<byte> prefixAndKey, Span<byte> checksum)
    {
        Span<byte> input = stackalloc byte[ChecksumContext.Length + prefixAndKey.Length];
        ChecksumContext.CopyTo(input);
        prefixAndKey.CopyTo(input[ChecksumContext.Length..]);
        Span<byte> hash = stackalloc byte[64];
        HashAlgorithm.Blake2b_512.Hash(input, hash);
        hash[..ChecksumLength].CopyTo(checksum);
    }

    private static string EncodeBase58(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.37 digits per byte.
        var digits = new byte[(data.Length * 138 / 100) + 1];
        var length = 0;
        foreach (var b in data[zeros..])
        {
            int carry = b;
            for (var i = 0; i < length; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var sb = new StringBuilder(zeros + length);
        sb.Append('1', zeros);
        for (var i = length - 1; i >= 0; i--)
        {
            sb.Append(Alphabet[digits[i]]);
        }

        return sb.ToString();
    }

    private static byte[] DecodeBase58(string text)
    {
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[(text.Length * 733 / 1000) + 1];
        var length = 0;
        for (var k = zeros; k < text.Length; k++)
        {
            int carry = AlphabetIndex[text[k]];
            for (var i = 0; i < length; i++)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)(carry & 0xFF);
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[length++] = (byte)(carry & 0xFF);
                carry >>= 8;
            }
        }

        var result = new byte[zeros + length];
        for (var i = 0; i < length; i++)
        {
            result[zeros + i] = bytes[length - 1 - i];
        }

        return result;
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            index[Alphabet[i]] = (sbyte)i;
        }

        return index;
    }
}
