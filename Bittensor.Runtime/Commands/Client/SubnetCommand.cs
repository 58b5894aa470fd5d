using System.CommandLine;
using System.Globalization;
using Bittensor.Ledger;
using static Bittensor.Runtime.Commands.Client.ClientRunner;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>
/// <c>subnet create --wallet W</c> (prints the new netuid) and <c>subnet hyperparameters --netuid N</c> (a table of
/// every hyperparameter), or with <c>--set NAME=VALUE --wallet W</c> a change by the subnet's owner.
/// </summary>
internal static class SubnetCommand
{
    public static Command Create()
    {
        var command = new Command("subnet", "Create a subnet, show its hyperparameters, or change one as its owner.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(HyperparametersCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var command = new Command("create", "Create a subnet owned by the wallet's coldkey (its creation cost is locked from the balance); prints the netuid.");
        var keys = WalletOptions.AddTo(command, withHotkey: false, description: "The wallet whose coldkey owns the subnet.");
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => keys.Coldkey(parseResult),
            async (client, owner, output) =>
            {
                var result = await client.SubmitAsync(new CreateSubnet(owner)).ConfigureAwait(false);
                ThrowIfRefused(result, "the subnet");
                output.WriteLine($"created subnet {result.Outcome.Uid?.ToString(CultureInfo.InvariantCulture) ?? "?"} owned by {owner} (block {result.Block})");
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command HyperparametersCommand()
    {
        var command = new Command("hyperparameters", "Print every hyperparameter of a subnet; with --set, change one as the subnet's owner.");
        var netuid = NetUidOption();
        var set = new Option<string>("--set")
        {
            Description = "Change one hyperparameter (snake_case name, as the table lists it); needs --wallet of the subnet's owner.",
            HelpName = "NAME=VALUE",
        };
        command.Options.Add(netuid);
        command.Options.Add(set);
        var keys = WalletOptions.AddTo(command, withHotkey: false, required: false, description: "With --set: the wallet whose coldkey owns the subnet.");
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction((parseResult, _) => RunAsync(parseResult, cluster,
            () => Prepare(parseResult.GetValue(set), keys.Given(parseResult) ? () => keys.Coldkey(parseResult) : null),
            async (client, change, output) =>
            {
                var id = parseResult.GetValue(netuid);
                if (change is { } c)
                {
                    var result = await client.SubmitAsync(new SetHyperparameter(id, c.Owner, c.Name, c.Value)).ConfigureAwait(false);
                    ThrowIfRefused(result, $"the change of {c.Name}");
                    output.WriteLine($"set {c.Name} = {c.Value} on subnet {id} (block {result.Block})");
                    return ExitCodes.Ok;
                }

                var listing = await client.AskAsync<HyperparametersResult>(new GetHyperparameters(id)).ConfigureAwait(false);
                if (listing.Owner is null) throw new UsageException($"subnet {id} does not exist");
                output.WriteLine($"subnet {id} at block {listing.Block}, owner {(listing.Owner.Length == 0 ? "(none)" : listing.Owner)}");
                var rows = new List<string[]> { new[] { "NAME", "VALUE" } };
                rows.AddRange(listing.Values.Select(v => new[] { v.Name, v.Value }));
                WalletCommand.WriteRows(output, rows);
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>The change <c>--set NAME=VALUE</c> asks for, with the owner's coldkey, or null to list.</summary>
    /// <exception cref="UsageException"><c>--set</c> without <c>--wallet</c> or the reverse, or not NAME=VALUE.</exception>
    private static (string Owner, string Name, string Value)? Prepare(string? set, Func<string>? owner)
    {
        if (set is null)
        {
            return owner is null ? null : throw new UsageException("--wallet is only used with --set NAME=VALUE.");
        }

        var (name, value) = ParseAssignment(set);
        if (owner is null) throw new UsageException("--set needs --wallet: the wallet whose coldkey owns the subnet.");
        return (owner(), name, value);
    }

    /// <summary><c>NAME=VALUE</c>, both non-empty after trimming.</summary>
    /// <exception cref="UsageException">Not of that form.</exception>
    internal static (string Name, string Value) ParseAssignment(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? "" : text[..equals].Trim();
        var value = equals < 0 ? "" : text[(equals + 1)..].Trim();
        if (name.Length == 0 || value.Length == 0)
            throw new UsageException($"--set {text} is not NAME=VALUE (for example tempo=360).");
        return (name, value);
    }
}
