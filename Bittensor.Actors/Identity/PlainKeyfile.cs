using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bittensor.Identity;

/// <summary>
/// The unencrypted keyfile of Bittensor (hotkeys, and <c>coldkeypub.txt</c> with the secret fields null):
/// JSON with <c>accountId</c> and <c>publicKey</c> (0x-hex), <c>secretPhrase</c> (always null here: no mnemonics),
/// <c>secretSeed</c> (0x-hex, or null for a public-only file) and <c>ss58Address</c>.
/// Reading also accepts a file that holds only an address or a 0x-hex public key, as Bittensor does.
/// </summary>
internal static class PlainKeyfile
{
    public static byte[] Serialize(Keypair keypair, bool includeSeed)
    {
        var publicHex = "0x" + Convert.ToHexStringLower(keypair.PublicKeySpan);
        var json = new JsonObject
        {
            ["accountId"] = publicHex,
            ["publicKey"] = publicHex,
            ["secretPhrase"] = null,
            ["secretSeed"] = includeSeed ? "0x" + Convert.ToHexStringLower(keypair.ExportSeed()) : null,
            ["ss58Address"] = keypair.Address.ToString(),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static Keypair Read(string path, bool requireSeed)
    {
        var text = Encoding.UTF8.GetString(ReadAll(path)).Trim();
        if (!text.StartsWith('{'))
        {
            if (requireSeed)
            {
                throw new KeyfileCorruptedException(path, "it holds no secret seed (expected a JSON keyfile).");
            }

            return ReadPublicOnly(path, text);
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject ?? throw new KeyfileCorruptedException(path, "it is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new KeyfileCorruptedException(path, $"it is not valid JSON ({e.Message}).", e);
        }

        var seedHex = OptionalString(path, json, "secretSeed");
        var publicHex = OptionalString(path, json, "publicKey");
        var addressText = OptionalString(path, json, "ss58Address");
        Keypair keypair;
        if (seedHex is not null)
        {
            keypair = Keypair.FromSeed(Hex(path, "secretSeed", seedHex, Keypair.SeedLength));
        }
        else if (requireSeed)
        {
            throw new KeyfileCorruptedException(path, "it has no 'secretSeed'.");
        }
        else if (publicHex is not null)
        {
            keypair = PublicOnly(path, Hex(path, "publicKey", publicHex, Keypair.PublicKeyLength));
        }
        else if (addressText is not null)
        {
            keypair = ReadPublicOnly(path, addressText);
        }
        else
        {
            throw new KeyfileCorruptedException(path, "it has none of 'secretSeed', 'publicKey', 'ss58Address'.");
        }

        if (publicHex is not null
            && !Hex(path, "publicKey", publicHex, Keypair.PublicKeyLength).AsSpan().SequenceEqual(keypair.PublicKeySpan))
        {
            keypair.Dispose();
            throw new KeyfileCorruptedException(path, "its 'publicKey' does not match its key.");
        }

        if (addressText is not null && addressText != keypair.Address.ToString())
        {
            keypair.Dispose();
            throw new KeyfileCorruptedException(path, "its 'ss58Address' does not match its key.");
        }

        return keypair;
    }

    internal static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The keyfile '{path}' does not exist.", path);
        }

        return File.ReadAllBytes(path);
    }

    private static Keypair ReadPublicOnly(string path, string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return PublicOnly(path, Hex(path, "public key", text, Keypair.PublicKeyLength));
        }

        if (!Address.TryParse(text, out var address, out var error))
        {
            throw new KeyfileCorruptedException(path, error!);
        }

        return PublicOnly(path, address!.PublicKey);
    }

    private static Keypair PublicOnly(string path, byte[] publicKey)
    {
        try
        {
            return Keypair.FromPublicKey(publicKey);
        }
        catch (ArgumentException e)
        {
            throw new KeyfileCorruptedException(path, e.Message, e);
        }
    }

    private static string? OptionalString(string path, JsonObject json, string field)
    {
        var node = json[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var s)
            ? s
            : throw new KeyfileCorruptedException(path, $"'{field}' is not a string.");
    }

    private static byte[] Hex(string path, string field, string hex, int length)
    {
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(digits);
        }
        catch (FormatException e)
        {
            throw new KeyfileCorruptedException(path, $"'{field}' is not hexadecimal.", e);
        }

        return bytes.Length == length
            ? bytes
            : throw new KeyfileCorruptedException(path, $"'{field}' is {bytes.Length} bytes; expected {length}.");
    }
}
