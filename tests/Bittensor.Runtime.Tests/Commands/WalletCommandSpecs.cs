using Bittensor.Identity;

namespace Bittensor.Runtime.Tests.Commands;

// The CLI writes coldkeys with the default Argon2id cost (about 70 ms per create or unlock), so each spec makes
// only the wallets and unlocks it needs.
[Collection(ConsoleCollection.Name)]
public sealed class WalletCommandSpecs : IDisposable
{
    private const string Password = "correct horse";

    private readonly TempFolder root = new();

    // A variable name of this test alone: the process environment is shared with every other test.
    private readonly string passwordVariable = "BITTENSOR_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");

    public WalletCommandSpecs() => Environment.SetEnvironmentVariable(passwordVariable, Password);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(passwordVariable, null);
        root.Dispose();
    }

    [Fact]
    public void Wallet_create_list_and_show_should_print_the_addresses_written_to_the_keyfiles()
    {
        var created = Wallet("create", "--name", "bob", "--hotkey", "miner", "--password-env", passwordVariable);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);

        var store = new WalletStore(root.Path);
        var alice = store.Open("alice");
        var bob = store.Open("bob");
        string HotkeyAddress(Identity.Wallet wallet, string name)
        {
            using var keypair = wallet.LoadHotkey(name);
            return keypair.Address.ToString();
        }

        Assert.Contains(created.OutputLines, l => l.StartsWith("coldkey", StringComparison.Ordinal) && l.Contains(bob.ColdkeyAddress.ToString(), StringComparison.Ordinal) && l.Contains(bob.ColdkeyPath, StringComparison.Ordinal));
        Assert.Contains(created.OutputLines, l => l.StartsWith("hotkey", StringComparison.Ordinal) && l.Contains(HotkeyAddress(bob, "miner"), StringComparison.Ordinal) && l.Contains(bob.HotkeyPath("miner"), StringComparison.Ordinal));

        var list = Wallet("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var rows = list.OutputLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["WALLET", "COLDKEY", "HOTKEYS"], rows[0]);
        Assert.Equal(["alice", alice.ColdkeyAddress.ToString(), "default"], rows[1]);
        Assert.Equal(["bob", bob.ColdkeyAddress.ToString(), "miner"], rows[2]);
        Assert.Equal(3, rows.Length);

        var show = Wallet("show", "--name", "alice");
        Assert.True(show.ExitCode == 0, show.ToString());
        var fields = show.OutputLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Contains(["path", alice.Path], fields);
        Assert.Contains(["coldkey", alice.ColdkeyAddress.ToString()], fields);
        Assert.Contains(["hotkey", "default", HotkeyAddress(alice, "default")], fields);
        Assert.Empty(show.Error);
    }

    [Fact]
    public void Wallet_show_unlock_should_say_coldkey_unlocked_when_the_password_is_right_and_refuse_a_wrong_one()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);

        var unlocked = Wallet("show", "--name", "alice", "--unlock", "--password-env", passwordVariable);
        Assert.True(unlocked.ExitCode == 0, unlocked.ToString());
        Assert.Equal("coldkey unlocked", unlocked.OutputLines[^1]);

        Environment.SetEnvironmentVariable(passwordVariable, Password + "!");
        var refused = Wallet("show", "--name", "alice", "--unlock", "--password-env", passwordVariable);
        AssertOneLineError(refused, "Wrong password", "alice");
        Assert.DoesNotContain("coldkey unlocked", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Wallet_show_unlock_should_read_the_password_from_standard_input_when_asked()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);

        var unlocked = WithStandardInput(Password + "\n", () => Wallet("show", "--name", "alice", "--unlock", "--password-stdin"));
        Assert.True(unlocked.ExitCode == 0, unlocked.ToString());
        Assert.Equal("coldkey unlocked", unlocked.OutputLines[^1]);
    }

    [Fact]
    public void Wallet_show_should_name_the_existing_wallets_when_the_wallet_is_unknown()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);
        Assert.Equal(0, Wallet("new-hotkey", "--name", "alice", "--hotkey", "spare").ExitCode);

        var result = Wallet("show", "--name", "carol");

        AssertOneLineError(result, "carol", "alice");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Wallet_create_should_refuse_an_existing_wallet_without_overwrite_and_replace_its_coldkey_with_it()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);
        var original = new WalletStore(root.Path).Open("alice").ColdkeyAddress;

        var refused = Wallet("create", "--name", "alice", "--password-env", passwordVariable);
        AssertOneLineError(refused, "alice", "--overwrite");
        Assert.Equal(original, new WalletStore(root.Path).Open("alice").ColdkeyAddress);

        var replaced = Wallet("create", "--name", "alice", "--password-env", passwordVariable, "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.NotEqual(original, new WalletStore(root.Path).Open("alice").ColdkeyAddress);
    }

    [Fact]
    public void Wallet_create_should_refuse_a_password_shorter_than_six_and_write_nothing()
    {
        Environment.SetEnvironmentVariable(passwordVariable, "12345");

        var result = Wallet("create", "--name", "alice", "--password-env", passwordVariable);

        AssertOneLineError(result, "too short", WalletStore.MinPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(new WalletStore(root.Path).Exists("alice"));
    }

    [Fact]
    public void Wallet_create_should_refuse_when_the_password_variable_is_not_set()
    {
        var result = Wallet("create", "--name", "alice", "--password-env", passwordVariable + "_UNSET");

        AssertOneLineError(result, passwordVariable + "_UNSET", "not set");
        Assert.False(new WalletStore(root.Path).Exists("alice"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData(" padded")]
    public void Wallet_create_should_refuse_a_name_that_is_not_a_plain_folder_name(string name)
    {
        var result = Wallet("create", "--name", name, "--password-env", passwordVariable);

        AssertOneLineError(result, "Bad wallet name");
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void Wallet_new_hotkey_should_add_a_hotkey_that_show_lists_and_refuse_one_that_exists()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);

        var added = Wallet("new-hotkey", "--name", "alice", "--hotkey", "miner2");
        Assert.True(added.ExitCode == 0, added.ToString());
        var wallet = new WalletStore(root.Path).Open("alice");
        Assert.Equal(["default", "miner2"], wallet.HotkeyNames());
        using (var hotkey = wallet.LoadHotkey("miner2"))
        {
            Assert.Contains(hotkey.Address.ToString(), added.Output, StringComparison.Ordinal);
            Assert.Contains(added.OutputLines, l => l.StartsWith("hotkey", StringComparison.Ordinal) && l.Contains(hotkey.Address.ToString(), StringComparison.Ordinal));
        }

        var show = Wallet("show", "--name", "alice");
        Assert.Contains(show.OutputLines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["hotkey", "miner2", _]);

        AssertOneLineError(Wallet("new-hotkey", "--name", "alice", "--hotkey", "miner2"), "miner2", "already");
        AssertOneLineError(Wallet("new-hotkey", "--name", "nobody", "--hotkey", "miner2"), "nobody", "alice");
    }

    [Fact]
    public void Wallet_show_should_name_a_corrupted_hotkey_file_and_still_show_the_rest()
    {
        Assert.Equal(0, Wallet("create", "--name", "alice", "--password-env", passwordVariable).ExitCode);
        var wallet = new WalletStore(root.Path).Open("alice");
        File.WriteAllText(wallet.HotkeyPath("default"), "{ not json");

        var result = Wallet("show", "--name", "alice");

        AssertOneLineError(result, wallet.HotkeyPath("default"), "corrupted");
        Assert.Contains(wallet.ColdkeyAddress.ToString(), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Wallet_list_should_say_so_when_there_are_no_wallets()
    {
        var result = Wallet("list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"No wallets in {root.Path}."], result.OutputLines);
    }

    private CliResult Wallet(params string[] args) => RuntimeCli.Run(["wallet", .. args, "--root", root.Path]);

    // Bad input is reported as exactly one line naming the problem, with exit code 2 and no stack trace.
    private static void AssertOneLineError(CliResult result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, result.ToString());
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, lines[0], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static T WithStandardInput<T>(string input, Func<T> action)
    {
        var original = Console.In;
        Console.SetIn(new StringReader(input));
        try
        {
            return action();
        }
        finally
        {
            Console.SetIn(original);
        }
    }
}
