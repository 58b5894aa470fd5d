using System.CommandLine;
using Bittensor.Identity;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// <c>wallet create|list|show|new-hotkey</c>: the client side of <see cref="WalletStore"/>, in Bittensor's
/// <c>~/.bittensor/wallets</c> layout (and <c>wallet faucet|balance</c>, which ask a running cluster: see
/// <see cref="Client.FaucetCommand"/> and <see cref="Client.BalanceCommand"/>). Mistakes a user can fix (an unknown wallet, a wrong password, a bad name, a
/// wallet that exists, a corrupted keyfile) are one line on standard error and exit code 2, never a stack trace.
/// </summary>
internal static class WalletCommand
{
    public static Command Create()
    {
        var command = new Command("wallet", "Create, list and inspect wallets (a coldkey and its hotkeys).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(NewHotkeyCommand());
        // The two that ask a running cluster, beside the local ones.
        command.Subcommands.Add(Client.FaucetCommand.Create());
        command.Subcommands.Add(Client.BalanceCommand.Create());
        return command;
    }

    private static Command CreateCommand()
    {
        var command = new Command("create", "Create a wallet: a password-encrypted coldkey and one hotkey.");
        var name = NameOption();
        var hotkey = HotkeyOption(required: false);
        var root = RootOption();
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace the wallet's coldkey (and the named hotkey) when they exist. The old keys are lost.",
        };
        command.Options.Add(name);
        command.Options.Add(hotkey);
        var password = PasswordSource.AddTo(command);
        command.Options.Add(root);
        command.Options.Add(overwrite);
        command.SetAction(parseResult => Guarded(parseResult, (output, error) =>
        {
            var walletName = ValidName(parseResult.GetRequiredValue(name), "wallet");
            var hotkeyName = ValidName(parseResult.GetValue(hotkey) ?? WalletNames.Default, "hotkey");
            var store = new WalletStore(parseResult.GetValue(root));
            var replace = parseResult.GetValue(overwrite);
            if (!replace && store.Exists(walletName))
            {
                throw new UsageException(
                    $"The wallet '{walletName}' already exists in {store.Root}; pass --overwrite to replace its coldkey (the old one is lost).");
            }

            var secret = password.Read(parseResult, "Password for the new coldkey: ", confirm: true, error);
            if (secret.Length < WalletStore.MinPasswordLength)
            {
                throw new UsageException(
                    $"The password is too short: a coldkey password has at least {WalletStore.MinPasswordLength} characters.");
            }

            // A hotkey can outlive a deleted coldkey in the same folder; refusing before the coldkey is written keeps
            // a refusal from leaving a half-made wallet behind.
            var leftoverHotkey = Path.Combine(store.Root, walletName, "hotkeys", hotkeyName);
            if (!replace && File.Exists(leftoverHotkey))
            {
                throw new UsageException($"The hotkey '{hotkeyName}' already exists ({leftoverHotkey}); pass --overwrite to replace it.");
            }

            var wallet = store.Create(walletName, secret, overwrite: replace);
            using var hot = wallet.CreateHotkey(hotkeyName, overwrite: replace);
            output.WriteLine($"Created wallet '{wallet.Name}' in {wallet.Path}");
            WriteRows(output,
            [
                ["coldkey", "", wallet.ColdkeyAddress.ToString(), $"{wallet.ColdkeyPath} (encrypted), {wallet.ColdkeyPubPath}"],
                ["hotkey", hotkeyName, hot.Address.ToString(), wallet.HotkeyPath(hotkeyName)],
            ]);
            output.WriteLine("Keep the password: without it the coldkey cannot be decrypted, and it cannot be recovered.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List every wallet with its coldkey address and hotkey names.");
        var root = RootOption();
        command.Options.Add(root);
        command.SetAction(parseResult => Guarded(parseResult, (output, error) =>
        {
            var store = new WalletStore(parseResult.GetValue(root));
            var names = store.List();
            if (names.Count == 0)
            {
                output.WriteLine($"No wallets in {store.Root}.");
                return ExitCodes.Ok;
            }

            var exitCode = ExitCodes.Ok;
            var rows = new List<string[]> { new[] { "WALLET", "COLDKEY", "HOTKEYS" } };
            foreach (var walletName in names)
            {
                var wallet = store.Open(walletName);
                var hotkeys = wallet.HotkeyNames();
                rows.Add([walletName, ColdkeyAddressOrMark(wallet, error, ref exitCode), hotkeys.Count == 0 ? "(none)" : string.Join(", ", hotkeys)]);
            }

            WriteRows(output, rows);
            return exitCode;
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        var command = new Command("show", "Show a wallet's coldkey, folder and hotkeys; with --unlock, prove the password decrypts the coldkey.");
        var name = NameOption();
        var root = RootOption();
        var unlock = new Option<bool>("--unlock")
        {
            Description = "Ask for the coldkey password and check that it decrypts the coldkey.",
        };
        command.Options.Add(name);
        command.Options.Add(root);
        command.Options.Add(unlock);
        var password = PasswordSource.AddTo(command);
        command.SetAction(parseResult => Guarded(parseResult, (output, error) =>
        {
            var store = new WalletStore(parseResult.GetValue(root));
            var wallet = OpenExisting(store, parseResult.GetRequiredValue(name));
            var exitCode = ExitCodes.Ok;
            var rows = new List<string[]>
            {
                new[] { "wallet", wallet.Name },
                new[] { "path", wallet.Path },
                new[] { "coldkey", ColdkeyAddressOrMark(wallet, error, ref exitCode) },
            };
            var hotkeys = wallet.HotkeyNames();
            if (hotkeys.Count == 0)
            {
                rows.Add(["hotkeys", "(none)"]);
            }

            // The hotkey names are padded among themselves, so that the long path above does not push the addresses out.
            var nameWidth = hotkeys.Count == 0 ? 0 : hotkeys.Max(h => h.Length);
            foreach (var hotkeyName in hotkeys)
            {
                rows.Add(["hotkey", $"{hotkeyName.PadRight(nameWidth)}  {HotkeyAddressOrMark(wallet, hotkeyName, error, ref exitCode)}"]);
            }

            WriteRows(output, rows);
            if (!parseResult.GetValue(unlock))
            {
                return exitCode;
            }

            if (!File.Exists(wallet.ColdkeyPath))
            {
                throw new UsageException($"The wallet '{wallet.Name}' has only a public coldkey ({wallet.ColdkeyPubPath}); there is nothing to unlock.");
            }

            var secret = password.Read(parseResult, $"Password for the coldkey of '{wallet.Name}': ", confirm: false, error);
            try
            {
                using var coldkey = wallet.UnlockColdkey(secret);
            }
            catch (WrongPasswordException)
            {
                throw new UsageException($"Wrong password for the coldkey of wallet '{wallet.Name}' ({wallet.ColdkeyPath}).");
            }

            output.WriteLine("coldkey unlocked");
            return exitCode;
        }));
        return command;
    }

    private static Command NewHotkeyCommand()
    {
        var command = new Command("new-hotkey", "Add a hotkey to an existing wallet.");
        var name = NameOption();
        var hotkey = HotkeyOption(required: true);
        var root = RootOption();
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace the hotkey when it exists. The old key is lost.",
        };
        command.Options.Add(name);
        command.Options.Add(hotkey);
        command.Options.Add(root);
        command.Options.Add(overwrite);
        command.SetAction(parseResult => Guarded(parseResult, (output, _) =>
        {
            var store = new WalletStore(parseResult.GetValue(root));
            var wallet = OpenExisting(store, parseResult.GetRequiredValue(name));
            var hotkeyName = ValidName(parseResult.GetRequiredValue(hotkey), "hotkey");
            if (!parseResult.GetValue(overwrite) && wallet.HasHotkey(hotkeyName))
            {
                throw new UsageException(
                    $"The wallet '{wallet.Name}' already has a hotkey '{hotkeyName}' ({wallet.HotkeyPath(hotkeyName)}); pass --overwrite to replace it.");
            }

            using var hot = wallet.CreateHotkey(hotkeyName, overwrite: parseResult.GetValue(overwrite));
            output.WriteLine($"Created hotkey '{hotkeyName}' of wallet '{wallet.Name}'");
            WriteRows(output, [["hotkey", hotkeyName, hot.Address.ToString(), wallet.HotkeyPath(hotkeyName)]]);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<string> NameOption() => new("--name")
    {
        Description = "The wallet's name (its folder under --root).",
        HelpName = "NAME",
        Required = true,
    };

    private static Option<string> HotkeyOption(bool required) => new("--hotkey")
    {
        Description = required ? "The hotkey's name." : $"The hotkey's name (default: {WalletNames.Default}).",
        HelpName = "HOTKEY",
        Required = required,
    };

    private static Option<string> RootOption() => new("--root")
    {
        Description = $"The folder of wallets (default: {WalletStore.DefaultRoot}).",
        HelpName = "DIR",
    };

    internal static string ValidName(string name, string what) =>
        WalletNames.IsValid(name, out var reason) ? name : throw new UsageException($"Bad {what} name: {reason}");

    internal static Wallet OpenExisting(WalletStore store, string name)
    {
        ValidName(name, "wallet");
        if (store.Exists(name))
        {
            return store.Open(name);
        }

        var existing = store.List();
        throw new UsageException(existing.Count == 0
            ? $"There is no wallet '{name}' in {store.Root}; it holds no wallets (create one with 'wallet create')."
            : $"There is no wallet '{name}' in {store.Root}; the wallets there are: {string.Join(", ", existing)}.");
    }

    // One unreadable keyfile should not hide the others: it is marked in the table, named on standard error, and
    // turns the exit code to 2.
    private static string ColdkeyAddressOrMark(Wallet wallet, TextWriter error, ref int exitCode)
    {
        try
        {
            return wallet.ColdkeyAddress.ToString();
        }
        catch (Exception e) when (e is KeyfileCorruptedException or FileNotFoundException)
        {
            error.WriteLine(e is FileNotFoundException
                ? $"The wallet '{wallet.Name}' has no {Path.GetFileName(wallet.ColdkeyPubPath)} ({wallet.ColdkeyPubPath}); its address cannot be read without the password."
                : e.Message);
            exitCode = ExitCodes.BadArguments;
            return e is FileNotFoundException ? "(missing)" : "(corrupted)";
        }
    }

    private static string HotkeyAddressOrMark(Wallet wallet, string hotkeyName, TextWriter error, ref int exitCode)
    {
        try
        {
            using var keypair = wallet.LoadHotkey(hotkeyName);
            return keypair.Address.ToString();
        }
        catch (KeyfileCorruptedException e)
        {
            error.WriteLine(e.Message);
            exitCode = ExitCodes.BadArguments;
            return "(corrupted)";
        }
    }

    internal static void WriteRows(TextWriter output, IReadOnlyList<string[]> rows)
    {
        var columns = rows.Max(row => row.Length);
        var widths = Enumerable.Range(0, columns)
            .Select(c => rows.Max(row => c < row.Length ? row[c].Length : 0))
            .ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    // Expected failures become one line and exit code 2; file-system failures (permissions, a full disk) one line
    // and exit code 1. Anything else is a bug and keeps its stack trace.
    private static int Guarded(ParseResult parseResult, Func<TextWriter, TextWriter, int> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return action(output, error);
        }
        catch (Exception e) when (e is UsageException or KeyfileCorruptedException or WrongPasswordException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadArguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.Failed;
        }
    }
}
