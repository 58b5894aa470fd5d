using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace Bittensor.Identity;

/// <summary>
/// The password-encrypted coldkey file. JSON:
/// <code>
/// { "version": 1, "ss58Address": "5…",
///   "kdf": { "algorithm": "argon2id", "memoryKiB": 65536, "passes": 3, "parallelism": 1, "salt": "&lt;base64, 16 bytes&gt;" },
///   "cipher": "xchacha20-poly1305", "nonce": "&lt;base64, 24 bytes&gt;", "ciphertext": "&lt;base64&gt;" }
/// </code>
/// The key is Argon2id(password, salt) (32 bytes); the plaintext is the 32-byte Ed25519 seed; the associated data
/// binds the version and the address, so editing either makes decryption fail.
/// </summary>
internal static class EncryptedKeyfile
{
    public const int Version = 1;
    private const string KdfName = "argon2id";
    private const string CipherName = "xchacha20-poly1305";
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    public static byte[] Serialize(Keypair keypair, string password, Argon2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(password);
        settings.Validate();
        var salt = RandomNumberGenerator.GetBytes(Argon2Settings.SaltLength);
        var nonce = RandomNumberGenerator.GetBytes(Aead.NonceSize);
        var address = keypair.Address.ToString();
        var seed = keypair.ExportSeed();
        byte[] ciphertext;
        try
        {
            using var key = DeriveKey(password, salt, settings);
            ciphertext = Aead.Encrypt(key, nonce, AssociatedData(address), seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        var json = new JsonObject
        {
            ["version"] = Version,
            ["ss58Address"] = address,
            ["kdf"] = new JsonObject
            {
                ["algorithm"] = KdfName,
                ["memoryKiB"] = settings.MemoryKiB,
                ["passes"] = settings.Passes,
                ["parallelism"] = Argon2Settings.Parallelism,
                ["salt"] = Convert.ToBase64String(salt),
            },
            ["cipher"] = CipherName,
            ["nonce"] = Convert.ToBase64String(nonce),
            ["ciphertext"] = Convert.ToBase64String(ciphertext),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The address written in the file, without decrypting.</summary>
    public static Address ReadAddress(string path) => Parse(path).Address;

    public static Keypair Decrypt(string path, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var file = Parse(path);
        using var key = DeriveKey(password, file.Salt, file.Settings);
        var seed = Aead.Decrypt(key, file.Nonce, AssociatedData(file.Address.ToString()), file.Ciphertext);
        if (seed is null)
        {
            throw new WrongPasswordException(path);
        }

        try
        {
            if (seed.Length != Keypair.SeedLength)
            {
                throw new KeyfileCorruptedException(path, $"the decrypted seed is {seed.Length} bytes.");
            }

            var keypair = Keypair.FromSeed(seed);
            if (keypair.Address != file.Address)
            {
                keypair.Dispose();
                throw new KeyfileCorruptedException(path, "the decrypted key does not match 'ss58Address'.");
            }

            return keypair;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static Key DeriveKey(string password, byte[] salt, Argon2Settings settings)
    {
        var kdf = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Argon2Settings.Parallelism,
            MemorySize = settings.MemoryKiB,
            NumberOfPasses = settings.Passes,
        });
        return kdf.DeriveKey(password, salt, Aead);
    }

    private static byte[] AssociatedData(string address) => Encoding.UTF8.GetBytes($"bittensor-coldkey-v{Version}|{address}");

    private static ParsedFile Parse(string path)
    {
        var bytes = PlainKeyfile.ReadAll(path);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(bytes) as JsonObject ?? throw new KeyfileCorruptedException(path, "it is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new KeyfileCorruptedException(path, $"it is not valid JSON ({e.Message}).", e);
        }

        try
        {
            var version = Int(json, "version");
            if (version != Version)
            {
                throw new KeyfileCorruptedException(path, $"version {version} is not supported (expected {Version}).");
            }

            var kdf = json["kdf"] as JsonObject ?? throw new KeyfileCorruptedException(path, "'kdf' is missing.");
            Expect(path, Str(kdf, "algorithm"), KdfName, "kdf.algorithm");
            Expect(path, Int(kdf, "parallelism").ToString(System.Globalization.CultureInfo.InvariantCulture), "1", "kdf.parallelism");
            Expect(path, Str(json, "cipher"), CipherName, "cipher");
            var settings = new Argon2Settings(Int(kdf, "memoryKiB"), Int(kdf, "passes"));
            try
            {
                settings.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new KeyfileCorruptedException(path, e.Message, e);
            }

            var salt = Base64(path, kdf, "salt", Argon2Settings.SaltLength);
            var nonce = Base64(path, json, "nonce", Aead.NonceSize);
            var ciphertext = Base64(path, json, "ciphertext", Keypair.SeedLength + Aead.TagSize);
            if (!Address.TryParse(Str(json, "ss58Address"), out var address, out var error))
            {
                throw new KeyfileCorruptedException(path, error!);
            }

            return new ParsedFile(address!, settings, salt, nonce, ciphertext);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new KeyfileCorruptedException(path, e.Message, e);
        }
    }

    private static int Int(JsonObject json, string field) =>
        (json[field] ?? throw new KeyNotFoundException($"'{field}' is missing.")).GetValue<int>();

    private static string Str(JsonObject json, string field) =>
        (json[field] ?? throw new KeyNotFoundException($"'{field}' is missing.")).GetValue<string>();

    private static void Expect(string path, string actual, string expected, string field)
    {
        if (actual != expected)
        {
            throw new KeyfileCorruptedException(path, $"'{field}' is '{actual}'; only '{expected}' is supported.");
        }
    }

    private static byte[] Base64(string path, JsonObject json, string field, int length)
    {
        var bytes = Convert.FromBase64String(Str(json, field));
        return bytes.Length == length
            ? bytes
            : throw new KeyfileCorruptedException(path, $"'{field}' is {bytes.Length} bytes; expected {length}.");
    }

    private sealed record ParsedFile(Address Address, Argon2Settings Settings, byte[] Salt, byte[] Nonce, byte[] Ciphertext);
}
