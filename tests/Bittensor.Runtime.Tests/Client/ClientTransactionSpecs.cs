using System.Globalization;
using Bittensor.Ledger;

namespace Bittensor.Runtime.Tests.Client;

/// <summary>
/// <c>wallet faucet</c>, <c>wallet balance</c>, <c>transfer</c>, <c>subnet create|hyperparameters</c> and
/// <c>weights set</c> through the CLI's entry point against one in-process ledger node with a faucet: each scenario
/// reads the ledger back through the client, and each refusal is printed with the ledger's code and exit code 2.
/// Malformed arguments exit 2 before any cluster is joined.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClientTransactionSpecs : IDisposable
{
    private readonly ClientTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Faucet_balance_and_transfer_should_move_test_tao_and_report_the_ledgers_refusals()
    {
        var seed = _bed.StartNode(faucetRao: 10_000_000_000); // 10 TAO per request
        var (alice, _) = _bed.CreateWallet("alice");
        var (bob, _) = _bed.CreateWallet("bob");

        var faucet = _bed.WalletClient(seed, "wallet", "faucet", "--wallet", "alice", "--amount", "10");
        Assert.True(faucet.ExitCode == 0, faucet.ToString());
        Assert.Contains($"faucet gave 10.000000000 TAO to coldkey {alice}", faucet.Output, StringComparison.Ordinal);

        var greedy = _bed.WalletClient(seed, "wallet", "faucet", "--wallet", "alice", "--amount", "10.000000001");
        Assert.True(greedy.ExitCode == 2, greedy.ToString());
        Assert.Contains($"The ledger refused the faucet request: {nameof(LedgerErrorCode.FaucetRefused)} ({(int)LedgerErrorCode.FaucetRefused}): ", greedy.Error, StringComparison.Ordinal);
        Assert.Contains("at most 10000000000 rao", greedy.Error, StringComparison.Ordinal);

        var balance = _bed.WalletClient(seed, "wallet", "balance", "--wallet", "alice");
        Assert.True(balance.ExitCode == 0, balance.ToString());
        Assert.StartsWith($"coldkey {alice} at block ", balance.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal(["free_tao 10.000000000", "staked_tao 0.000000000", "total_tao 10.000000000", "no stake"], Squeezed(balance.OutputLines[1..]));

        var sent = _bed.WalletClient(seed, "transfer", "--wallet", "alice", "--dest", bob, "--amount", "2.5");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Contains($"transferred 2.500000000 TAO from {alice} to {bob}", sent.Output, StringComparison.Ordinal);

        var overdrawn = _bed.WalletClient(seed, "transfer", "--wallet", "alice", "--dest", bob, "--amount", "7.500000001");
        Assert.True(overdrawn.ExitCode == 2, overdrawn.ToString());
        Assert.Contains($"The ledger refused the transfer: {nameof(LedgerErrorCode.NotEnoughBalance)} ", overdrawn.Error, StringComparison.Ordinal);

        Assert.Equal("free_tao 7.500000000", Squeezed(_bed.WalletClient(seed, "wallet", "balance", "--wallet", "alice").OutputLines[1..2])[0]);
        Assert.Equal("free_tao 2.500000000", Squeezed(_bed.WalletClient(seed, "wallet", "balance", "--wallet", "bob").OutputLines[1..2])[0]);
    }

    [Fact]
    public void Subnet_hyperparameters_and_weights_should_be_set_by_their_owners_only()
    {
        var seed = _bed.StartNode(faucetRao: 1_000_000_000_000); // 1000 TAO per request: a subnet locks 100
        var (alice, aliceHotkey) = _bed.CreateWallet("alice", "validator");
        _bed.CreateWallet("bob");
        Assert.Equal(0, _bed.WalletClient(seed, "wallet", "faucet", "--wallet", "alice", "--amount", "1000").ExitCode);

        var created = _bed.WalletClient(seed, "subnet", "create", "--wallet", "alice");
        Assert.True(created.ExitCode == 0, created.ToString());
        var match = System.Text.RegularExpressions.Regex.Match(created.Output, $@"^created subnet (\d+) owned by {alice} \(block \d+\)");
        Assert.True(match.Success, created.ToString());
        var netuid = match.Groups[1].Value;

        var table = _bed.Client(seed, "subnet", "hyperparameters", "--netuid", netuid);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.StartsWith($"subnet {netuid} at block ", table.OutputLines[0], StringComparison.Ordinal);
        Assert.EndsWith($"owner {alice}", table.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal("NAME VALUE", Squeezed(table.OutputLines[1..2])[0]);
        Assert.Equal(SubnetHyperparameters.Names, table.OutputLines[2..].Select(l => l.Split(' ')[0]));

        // A new subnet takes weights by commit and reveal, as on the chain; its owner turns that off for plain weights.
        Assert.Contains("commit_reveal_enabled true", Squeezed(table.OutputLines));
        var set = _bed.WalletClient(seed, "subnet", "hyperparameters", "--netuid", netuid, "--set", "commit_reveal_enabled=false", "--wallet", "alice");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains($"set commit_reveal_enabled = false on subnet {netuid}", set.Output, StringComparison.Ordinal);
        Assert.Contains("commit_reveal_enabled false", Squeezed(_bed.Client(seed, "subnet", "hyperparameters", "--netuid", netuid).OutputLines));

        var foreign = _bed.WalletClient(seed, "subnet", "hyperparameters", "--netuid", netuid, "--set", "tempo=5", "--wallet", "bob");
        Assert.True(foreign.ExitCode == 2, foreign.ToString());
        Assert.Contains($"{nameof(LedgerErrorCode.NotSubnetOwner)} ({(int)LedgerErrorCode.NotSubnetOwner}): ", foreign.Error, StringComparison.Ordinal);

        var missing = _bed.Client(seed, "subnet", "hyperparameters", "--netuid", "999");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("subnet 999 does not exist", missing.Error, StringComparison.Ordinal);

        // Weights need a registered hotkey and existing uids; with no validator permit yet, a neuron may weight only
        // itself, and a registration counts as an update for weights_rate_limit, which the owner lifts.
        Assert.Equal(0, _bed.WalletClient(seed, "register", "--netuid", netuid, "--wallet", "alice", "--hotkey", "validator").ExitCode);
        Assert.Equal(0, _bed.WalletClient(seed, "subnet", "hyperparameters", "--netuid", netuid, "--set", "weights_rate_limit=0", "--wallet", "alice").ExitCode);
        var weights = _bed.WalletClient(seed, "weights", "set", "--netuid", netuid, "--wallet", "alice", "--hotkey", "validator",
            "--uids", "0", "--weights", "0.25", "--version-key", "0");
        Assert.True(weights.ExitCode == 0, weights.ToString());
        Assert.Contains($"set weights of hotkey {aliceHotkey} on subnet {netuid}", weights.Output, StringComparison.Ordinal);
        Assert.Equal(["UID WEIGHT_U16", "0 65535"], Squeezed(weights.OutputLines[1..]));
        var others = _bed.WalletClient(seed, "weights", "set", "--netuid", netuid, "--wallet", "alice", "--hotkey", "validator", "--uids", "3", "--weights", "1");
        Assert.True(others.ExitCode == 2, others.ToString());
        Assert.Contains($"The ledger refused the weights: {nameof(LedgerErrorCode.NeuronNoValidatorPermit)} ", others.Error, StringComparison.Ordinal);

        // The balance lists the stake per hotkey, named when it is one of the wallet's.
        Assert.Equal(0, _bed.WalletClient(seed, "stake", "add", "--wallet", "alice", "--hotkey", "validator", "--amount", "1.5").ExitCode);
        var balance = _bed.WalletClient(seed, "wallet", "balance", "--wallet", "alice");
        Assert.True(balance.ExitCode == 0, balance.ToString());
        var lines = Squeezed(balance.OutputLines);
        Assert.Contains("staked_tao 1.500000000", lines);
        Assert.Equal(["HOTKEY NAME STAKE_TAO", $"{aliceHotkey} validator 1.500000000"], lines[^2..]);
    }

    [Fact]
    public void Malformed_arguments_should_exit_2_with_one_line_before_the_cluster_is_joined()
    {
        _bed.CreateWallet("alice");
        string[][] cases =
        [
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,1", "--weights", "0.5,abc"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,1", "--weights", "0.5"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,0", "--weights", "1,2"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,1", "--weights", "0,0"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,65536", "--weights", "1,1"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default", "--uids", "0,1", "--weights", "1,-1"],
            ["weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "nokey", "--uids", "0", "--weights", "1"],
            ["transfer", "--wallet", "alice", "--dest", "5notanaddress", "--amount", "1"],
            ["transfer", "--wallet", "alice", "--dest", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "--amount", "0"],
            ["wallet", "faucet", "--wallet", "nobody", "--amount", "1"],
            ["wallet", "balance", "--wallet", "nobody"],
            ["subnet", "create", "--wallet", "nobody"],
            ["subnet", "hyperparameters", "--netuid", "1", "--set", "tempo=5"],
            ["subnet", "hyperparameters", "--netuid", "1", "--set", "tempo", "--wallet", "alice"],
            ["subnet", "hyperparameters", "--netuid", "1", "--wallet", "alice"],
        ];
        string[] mentions =
        [
            "--weights 0.5,abc: 'abc' is not a number", "2 uids, 1 weights", "uid 0 appears twice", "all zero", "'65536' is not a uid",
            "-1 is not a finite number", "no hotkey 'nokey'", "--dest: The address '5notanaddress'", "--amount 0 must be positive",
            "There is no wallet 'nobody'", "There is no wallet 'nobody'", "There is no wallet 'nobody'", "--set needs --wallet",
            "--set tempo is not NAME=VALUE", "--wallet is only used with --set",
        ];
        for (var k = 0; k < cases.Length; k++)
        {
            var result = _bed.WalletClient(ClientTestBed.Nowhere, cases[k]);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', cases[k])}: {result}");
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(mentions[k], result.Error, StringComparison.Ordinal);
        }

        // Parse errors (a negative version key, a netuid beyond u16) are System.CommandLine's, with exit code 2 too.
        Assert.Equal(2, _bed.WalletClient(ClientTestBed.Nowhere, "weights", "set", "--netuid", "1", "--wallet", "alice", "--hotkey", "default",
            "--uids", "0", "--weights", "1", "--version-key", "-1").ExitCode);
        Assert.Equal(2, _bed.Client(ClientTestBed.Nowhere, "subnet", "hyperparameters", "--netuid", "65536").ExitCode);
    }

    // Table rows with their padding collapsed to one space, so that widths do not matter.
    private static string[] Squeezed(IEnumerable<string> lines) =>
        lines.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
}
