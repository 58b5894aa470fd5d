using System.CommandLine;
using Bittensor.Identity;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// <c>--wallet</c>, <c>--root</c> and, for commands that act for a hotkey, <c>--hotkey</c>: the addresses a client
/// command sends. The coldkey's address is read from <c>coldkeypub.txt</c>, so no password is asked: the ledger does
/// not check signatures on commands yet, and unlocking the coldkey would only look like protection.
/// </summary>
internal sealed class WalletOptions
{
    private readonly Option<string> _wallet;
    private readonly Option<string>? _hotkey;
    private readonly Option<string> _root = new("--root") { Description = $"The folder of wallets (default: {WalletStore.DefaultRoot}).", HelpName = "DIR" };

    private WalletOptions(Option<string> wallet, Option<string>? hotkey)
    {
        _wallet = wallet;
        _hotkey = hotkey;
    }

    /// <param name="command">The command the options are added to.</param>
    /// <param name="withHotkey">Adds a required <c>--hotkey</c>.</param>
    /// <param name="required">Whether <c>--wallet</c> is required (else the command checks <see cref="Given"/>).</param>
    /// <param name="description">What the wallet is for, in <c>--help</c>.</param>
    public static WalletOptions AddTo(Command command, bool withHotkey = true, bool required = true, string description = "The wallet's name.")
    {
        var options = new WalletOptions(
            new Option<string>("--wallet") { Description = description, HelpName = "NAME", Required = required },
            withHotkey ? new Option<string>("--hotkey") { Description = "The wallet's hotkey.", HelpName = "HOTKEY", Required = true } : null);
        command.Options.Add(options._wallet);
        if (options._hotkey is not null) command.Options.Add(options._hotkey);
        command.Options.Add(options._root);
        return options;
    }

    /// <summary>Whether <c>--wallet</c> was given.</summary>
    public bool Given(ParseResult parseResult) => parseResult.GetValue(_wallet) is not null;

    /// <summary>The wallet named by <c>--wallet</c> in <c>--root</c>.</summary>
    /// <exception cref="UsageException">No <c>--wallet</c>, a bad name, or no such wallet (the message lists those that exist).</exception>
    public Wallet Open(ParseResult parseResult)
    {
        var name = parseResult.GetValue(_wallet) ?? throw new UsageException("--wallet is required here.");
        return WalletCommand.OpenExisting(new WalletStore(parseResult.GetValue(_root)), name);
    }

    /// <summary>The address of the wallet's coldkey.</summary>
    public string Coldkey(ParseResult parseResult) => ColdkeyOf(Open(parseResult));

    /// <summary>The wallet's coldkey address and the address of its <c>--hotkey</c>.</summary>
    public (string Coldkey, string Hotkey) Addresses(ParseResult parseResult)
    {
        if (_hotkey is null) throw new InvalidOperationException("This command has no --hotkey option.");
        var wallet = Open(parseResult);
        var hotkeyName = WalletCommand.ValidName(parseResult.GetRequiredValue(_hotkey), "hotkey");
        if (!wallet.HasHotkey(hotkeyName))
        {
            var names = wallet.HotkeyNames();
            throw new UsageException($"The wallet '{wallet.Name}' has no hotkey '{hotkeyName}'; its hotkeys are: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.");
        }

        var coldkey = ColdkeyOf(wallet);
        using var hot = wallet.LoadHotkey(hotkeyName);
        return (coldkey, hot.Address.ToString());
    }

    /// <summary>The coldkey's address, read from <c>coldkeypub.txt</c>.</summary>
    public static string ColdkeyOf(Wallet wallet)
    {
        try
        {
            return wallet.ColdkeyAddress.ToString();
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"The wallet '{wallet.Name}' has no {Path.GetFileName(wallet.ColdkeyPubPath)} ({wallet.ColdkeyPubPath}).");
        }
    }
}
