namespace Bittensor.Identity;

/// <summary>
/// One wallet on disk, in Bittensor's layout: <c>&lt;root&gt;/&lt;name&gt;/coldkey</c> (password-encrypted, see
/// <see cref="EncryptedKeyfile"/>), <c>&lt;root&gt;/&lt;name&gt;/coldkeypub.txt</c> (public, unencrypted) and
/// <c>&lt;root&gt;/&lt;name&gt;/hotkeys/&lt;hotkey&gt;</c> (unencrypted, as Bittensor's default). Every keyfile
/// is written with mode 600. Obtain one from <see cref="WalletStore"/>.
/// </summary>
public sealed class Wallet
{
    internal Wallet(string name, string path)
    {
        Name = name;
        Path = path;
    }

    /// <summary>The wallet's name (its folder's name).</summary>
    public string Name { get; }

    /// <summary>The wallet's folder.</summary>
    public string Path { get; }

    /// <summary>The encrypted coldkey file.</summary>
    public string ColdkeyPath => System.IO.Path.Combine(Path, "coldkey");

    /// <summary>The public coldkey file.</summary>
    public string ColdkeyPubPath => System.IO.Path.Combine(Path, "coldkeypub.txt");

    /// <summary>The folder of hotkey files.</summary>
    public string HotkeysPath => System.IO.Path.Combine(Path, "hotkeys");

    /// <summary>The coldkey's address, read from <c>coldkeypub.txt</c> (no password needed).</summary>
    public Address ColdkeyAddress
    {
        get
        {
            using var keypair = PlainKeyfile.Read(ColdkeyPubPath, requireSeed: false);
            return keypair.Address;
        }
    }

    /// <summary>
    /// Decrypts the coldkey. Throws <see cref="WrongPasswordException"/> for a wrong password and
    /// <see cref="KeyfileCorruptedException"/> for an unreadable file.
    /// </summary>
    public Keypair UnlockColdkey(string password) => EncryptedKeyfile.Decrypt(ColdkeyPath, password);

    /// <summary>The names of this wallet's hotkeys, in ordinal order.</summary>
    public IReadOnlyList<string> HotkeyNames()
    {
        if (!Directory.Exists(HotkeysPath))
        {
            return [];
        }

        return Directory.EnumerateFiles(HotkeysPath)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.') && WalletNames.IsValid(n, out _))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the hotkey <paramref name="name"/> exists.</summary>
    public bool HasHotkey(string name)
    {
        WalletNames.Validate(name, nameof(name));
        return File.Exists(HotkeyPath(name));
    }

    /// <summary>The file of hotkey <paramref name="name"/>.</summary>
    public string HotkeyPath(string name)
    {
        WalletNames.Validate(name, nameof(name));
        return System.IO.Path.Combine(HotkeysPath, name);
    }

    /// <summary>
    /// Creates hotkey <paramref name="name"/> from a fresh random key, or from <paramref name="seed"/> (32 bytes)
    /// when given. Refuses to replace an existing hotkey unless <paramref name="overwrite"/>.
    /// </summary>
    public Keypair CreateHotkey(string name, byte[]? seed = null, bool overwrite = false)
    {
        var path = HotkeyPath(name);
        var keypair = seed is null ? Keypair.Generate() : Keypair.FromSeed(seed);
        try
        {
            KeyfileWriter.Write(path, PlainKeyfile.Serialize(keypair, includeSeed: true), overwrite);
        }
        catch
        {
            keypair.Dispose();
            throw;
        }

        return keypair;
    }

    /// <summary>
    /// Loads hotkey <paramref name="name"/>. Throws <see cref="FileNotFoundException"/> when it does not exist and
    /// <see cref="KeyfileCorruptedException"/> when it cannot be read.
    /// </summary>
    public Keypair LoadHotkey(string name) => PlainKeyfile.Read(HotkeyPath(name), requireSeed: true);

    /// <inheritdoc />
    public override string ToString() => $"wallet '{Name}' at {Path}";
}
