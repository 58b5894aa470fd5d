namespace Bittensor.Identity;

/// <summary>
/// The folder of wallets (by default <c>~/.bittensor/wallets</c>, as in Bittensor): one sub-folder per wallet
/// name. Creates, lists and opens <see cref="Wallet"/>s. The Argon2id cost used for new coldkeys is
/// <see cref="Argon2Settings.Default"/> unless another is given (tests pass <see cref="Argon2Settings.Fast"/>);
/// existing coldkeys are read with the cost written in their file.
/// </summary>
public sealed class WalletStore
{
    /// <summary>Shortest password accepted for a new coldkey (Bittensor's policy).</summary>
    public const int MinPasswordLength = 6;

    /// <summary>Creates a store rooted at <paramref name="root"/> (created on the first write).</summary>
    public WalletStore(string? root = null, Argon2Settings? kdf = null)
    {
        Root = System.IO.Path.GetFullPath(root ?? DefaultRoot);
        Kdf = kdf ?? Argon2Settings.Default;
        Kdf.Validate();
    }

    /// <summary><c>~/.bittensor/wallets</c>.</summary>
    public static string DefaultRoot =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bittensor", "wallets");

    /// <summary>The folder holding the wallets.</summary>
    public string Root { get; }

    /// <summary>The Argon2id cost for new coldkeys.</summary>
    public Argon2Settings Kdf { get; }

    /// <summary>
    /// Creates wallet <paramref name="name"/>: a coldkey (fresh, or from <paramref name="coldkeySeed"/>) encrypted with
    /// <paramref name="password"/>, and its <c>coldkeypub.txt</c>. Refuses to replace an existing coldkey unless
    /// <paramref name="overwrite"/>. Hotkeys are added with <see cref="Wallet.CreateHotkey"/>.
    /// </summary>
    public Wallet Create(string name, string password, byte[]? coldkeySeed = null, bool overwrite = false)
    {
        WalletNames.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A coldkey password has at least {MinPasswordLength} characters.", nameof(password));
        }

        var wallet = new Wallet(name, System.IO.Path.Combine(Root, name));
        if (!overwrite && (File.Exists(wallet.ColdkeyPath) || File.Exists(wallet.ColdkeyPubPath)))
        {
            throw new IOException($"The {wallet} already has a coldkey; pass overwrite to replace it.");
        }

        using var coldkey = coldkeySeed is null ? Keypair.Generate() : Keypair.FromSeed(coldkeySeed);
        KeyfileWriter.CreateFolder(wallet.Path);
        KeyfileWriter.Write(wallet.ColdkeyPath, EncryptedKeyfile.Serialize(coldkey, password, Kdf), overwrite);
        KeyfileWriter.Write(wallet.ColdkeyPubPath, PlainKeyfile.Serialize(coldkey, includeSeed: false), overwrite);
        return wallet;
    }

    /// <summary>Whether wallet <paramref name="name"/> exists (has a coldkey or a coldkeypub.txt).</summary>
    public bool Exists(string name)
    {
        WalletNames.Validate(name, nameof(name));
        var path = System.IO.Path.Combine(Root, name);
        return File.Exists(System.IO.Path.Combine(path, "coldkey")) || File.Exists(System.IO.Path.Combine(path, "coldkeypub.txt"));
    }

    /// <summary>Opens wallet <paramref name="name"/>; throws <see cref="DirectoryNotFoundException"/> when it does not exist.</summary>
    public Wallet Open(string name)
    {
        if (!Exists(name))
        {
            throw new DirectoryNotFoundException($"There is no wallet '{name}' in {Root}.");
        }

        return new Wallet(name, System.IO.Path.Combine(Root, name));
    }

    /// <summary>The names of the wallets in the store, in ordinal order.</summary>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(n => WalletNames.IsValid(n, out _) && Exists(n))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
