using System.Text.Json.Nodes;
using Bittensor.Identity;

namespace Bittensor.Tests.Identity;

public sealed class WalletStoreSpecs : IDisposable
{
    private const string Password = "correct horse";
    private readonly string root = Path.Combine(Path.GetTempPath(), "bt-wallets-" + Guid.NewGuid().ToString("N"));

    private WalletStore Store => new(root, Argon2Settings.Fast);

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void WalletStore_should_write_bittensor_layout_when_wallet_and_hotkey_are_created()
    {
        var wallet = Store.Create("alice", Password);
        using var hotkey = wallet.CreateHotkey("miner1");

        Assert.True(File.Exists(Path.Combine(root, "alice", "coldkey")));
        Assert.True(File.Exists(Path.Combine(root, "alice", "coldkeypub.txt")));
        Assert.True(File.Exists(Path.Combine(root, "alice", "hotkeys", "miner1")));
        var pub = JsonNode.Parse(File.ReadAllText(wallet.ColdkeyPubPath))!;
        Assert.Equal(wallet.ColdkeyAddress.ToString(), (string?)pub["ss58Address"]);
        Assert.Null(pub["secretSeed"]);
        var hot = JsonNode.Parse(File.ReadAllText(wallet.HotkeyPath("miner1")))!;
        Assert.Equal(hotkey.Address.ToString(), (string?)hot["ss58Address"]);
        Assert.StartsWith("0x", (string?)hot["secretSeed"], StringComparison.Ordinal);
    }

    [Fact]
    public void WalletStore_should_make_keyfiles_owner_only_when_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var wallet = Store.Create("alice", Password);
        using var hotkey = wallet.CreateHotkey("default");
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.Equal(ownerOnly, File.GetUnixFileMode(wallet.ColdkeyPath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(wallet.ColdkeyPubPath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(wallet.HotkeyPath("default")));
    }

    [Fact]
    public void Wallet_should_unlock_the_same_coldkey_when_password_is_right()
    {
        var seed = Enumerable.Repeat((byte)7, 32).ToArray();
        var wallet = Store.Create("alice", Password, coldkeySeed: seed);

        using var coldkey = Store.Open("alice").UnlockColdkey(Password);
        using var expected = Keypair.FromSeed(seed);
        Assert.Equal(expected.Address, coldkey.Address);
        Assert.Equal(expected.Address, wallet.ColdkeyAddress);
        Assert.True(coldkey.Verify("x"u8, coldkey.Sign("x"u8)));
        Assert.DoesNotContain("\"0x0707", File.ReadAllText(wallet.ColdkeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Wallet_should_unlock_coldkey_when_written_with_default_argon2_cost()
    {
        var wallet = new WalletStore(root).Create("alice", Password);

        // The cost is read back from the file, so a store with other settings still opens it.
        using var coldkey = Store.Open("alice").UnlockColdkey(Password);
        Assert.Equal(wallet.ColdkeyAddress, coldkey.Address);
        Assert.Contains("\"memoryKiB\": 65536", File.ReadAllText(wallet.ColdkeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Wallet_should_throw_WrongPasswordException_when_password_is_wrong()
    {
        var wallet = Store.Create("alice", Password);

        var error = Assert.Throws<WrongPasswordException>(() => wallet.UnlockColdkey("battery staple"));
        Assert.Equal(wallet.ColdkeyPath, error.Path);
    }

    [Fact]
    public void Wallet_should_reload_hotkeys_and_list_them_when_created()
    {
        var wallet = Store.Create("alice", Password);
        using var created = wallet.CreateHotkey("validator");
        using var second = wallet.CreateHotkey("default");

        using var loaded = Store.Open("alice").LoadHotkey("validator");
        Assert.Equal(created.Address, loaded.Address);
        Assert.True(loaded.CanSign);
        Assert.Equal(["default", "validator"], wallet.HotkeyNames());
    }

    [Fact]
    public void WalletStore_should_list_wallets_when_several_exist()
    {
        var store = Store;
        Assert.Empty(store.List());
        store.Create("bob", Password);
        store.Create("alice", Password);
        Directory.CreateDirectory(Path.Combine(root, "not-a-wallet"));

        Assert.Equal(["alice", "bob"], store.List());
        Assert.True(store.Exists("bob"));
        Assert.False(store.Exists("carol"));
        Assert.Throws<DirectoryNotFoundException>(() => store.Open("carol"));
    }

    [Fact]
    public void WalletStore_should_refuse_to_overwrite_when_coldkey_exists()
    {
        var store = Store;
        store.Create("alice", Password);

        Assert.Throws<IOException>(() => store.Create("alice", Password));
        var wallet = store.Create("alice", "another password", overwrite: true);
        using var coldkey = wallet.UnlockColdkey("another password");
        Assert.Equal(wallet.ColdkeyAddress, coldkey.Address);
    }

    [Fact]
    public void Wallet_should_refuse_to_overwrite_when_hotkey_exists()
    {
        var wallet = Store.Create("alice", Password);
        using var first = wallet.CreateHotkey("default");

        Assert.Throws<IOException>(() => wallet.CreateHotkey("default"));
        using var loaded = wallet.LoadHotkey("default");
        Assert.Equal(first.Address, loaded.Address);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData(" padded")]
    public void WalletStore_should_reject_name_when_it_could_escape_the_folder(string name)
    {
        var store = Store;
        Assert.Throws<ArgumentException>(() => store.Create(name, Password));
        var wallet = store.Create("alice", Password);
        Assert.Throws<ArgumentException>(() => wallet.CreateHotkey(name));
    }

    [Fact]
    public void WalletStore_should_reject_password_when_shorter_than_six()
    {
        Assert.Throws<ArgumentException>(() => Store.Create("alice", "12345"));
    }

    [Fact]
    public void Wallet_should_throw_KeyfileCorruptedException_when_coldkey_is_not_json()
    {
        var wallet = Store.Create("alice", Password);
        File.WriteAllText(wallet.ColdkeyPath, "$ANSIBLE_VAULT;1.1;AES256\n3132");

        var error = Assert.Throws<KeyfileCorruptedException>(() => wallet.UnlockColdkey(Password));
        Assert.Equal(wallet.ColdkeyPath, error.Path);
    }

    [Theory]
    [InlineData("salt", "AAAA")]
    [InlineData("nonce", "AAAA")]
    [InlineData("cipher", "aes-256-gcm")]
    [InlineData("version", null)]
    public void Wallet_should_throw_KeyfileCorruptedException_when_a_coldkey_field_is_damaged(string field, string? value)
    {
        var wallet = Store.Create("alice", Password);
        var json = JsonNode.Parse(File.ReadAllText(wallet.ColdkeyPath))!.AsObject();
        var target = field == "salt" ? json["kdf"]!.AsObject() : json;
        if (value is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = value;
        }

        File.WriteAllText(wallet.ColdkeyPath, json.ToJsonString());

        Assert.Throws<KeyfileCorruptedException>(() => wallet.UnlockColdkey(Password));
    }

    [Fact]
    public void Wallet_should_fail_to_unlock_when_address_in_coldkey_is_swapped()
    {
        var wallet = Store.Create("alice", Password);
        using var other = Keypair.Generate();
        var json = JsonNode.Parse(File.ReadAllText(wallet.ColdkeyPath))!.AsObject();
        json["ss58Address"] = other.Address.ToString();
        File.WriteAllText(wallet.ColdkeyPath, json.ToJsonString());

        // The address is bound as associated data: the AEAD tag no longer verifies.
        Assert.Throws<WrongPasswordException>(() => wallet.UnlockColdkey(Password));
    }

    [Fact]
    public void Wallet_should_throw_KeyfileCorruptedException_when_hotkey_is_damaged()
    {
        var wallet = Store.Create("alice", Password);
        using var hotkey = wallet.CreateHotkey("default");
        var path = wallet.HotkeyPath("default");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["secretSeed"] = "0x1234";
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<KeyfileCorruptedException>(() => wallet.LoadHotkey("default"));
        Assert.Contains("secretSeed", error.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "{ not json");
        Assert.Throws<KeyfileCorruptedException>(() => wallet.LoadHotkey("default"));
    }

    [Fact]
    public void Wallet_should_throw_KeyfileCorruptedException_when_hotkey_seed_does_not_match_its_address()
    {
        var wallet = Store.Create("alice", Password);
        using var hotkey = wallet.CreateHotkey("default");
        using var other = Keypair.Generate();
        var path = wallet.HotkeyPath("default");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["ss58Address"] = other.Address.ToString();
        File.WriteAllText(path, json.ToJsonString());

        Assert.Throws<KeyfileCorruptedException>(() => wallet.LoadHotkey("default"));
    }

    [Fact]
    public void Wallet_should_throw_FileNotFoundException_when_hotkey_is_missing()
    {
        var wallet = Store.Create("alice", Password);

        Assert.Throws<FileNotFoundException>(() => wallet.LoadHotkey("nope"));
    }

    [Fact]
    public void Wallet_should_read_coldkeypub_when_it_holds_only_an_address()
    {
        var wallet = Store.Create("alice", Password);
        var address = wallet.ColdkeyAddress;
        File.WriteAllText(wallet.ColdkeyPubPath, address + "\n");

        Assert.Equal(address, wallet.ColdkeyAddress);
    }
}
