using System.Diagnostics;
using Bittensor.Ledger;

namespace Bittensor.Runtime.Tests.Client;

/// <summary>
/// The client commands run through the CLI's entry point against one ledger node started in this process (port 0,
/// a temp store, 100 ms blocks): a missing subnet, a registration that shows in the metagraph, a refused stake, and
/// a seed node where nothing listens.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClientCommandSpecs : IDisposable
{
    private readonly ClientTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Register_metagraph_and_stake_should_reach_the_ledger_and_report_its_refusals()
    {
        var seed = _bed.StartNode(faucetRao: 1_000_000_000_000_000);

        var missing = _bed.Client(seed, "metagraph", "--netuid", "7");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("subnet 7 does not exist", missing.Error, StringComparison.Ordinal);

        var (owner, aliceHotkey) = _bed.CreateWallet("alice", "miner");
        _bed.CreateWallet("bob");

        // The balance and the subnet come straight through the node's proxy (ClientTransactionSpecs goes through the CLI).
        await _bed.Submit(new Endow(owner, 1_000_000_000_000_000));
        var created = await _bed.Submit(new CreateSubnet(owner));
        var netuid = Assert.IsType<int>(created.Outcome.Uid).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var registered = _bed.WalletClient(seed, "register", "--netuid", netuid, "--wallet", "alice", "--hotkey", "miner");
        Assert.True(registered.ExitCode == 0, registered.ToString());
        Assert.Contains($"on subnet {netuid}: uid 0", registered.Output, StringComparison.Ordinal);

        var again = _bed.WalletClient(seed, "register", "--netuid", netuid, "--wallet", "alice", "--hotkey", "miner");
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains(nameof(LedgerErrorCode.HotKeyAlreadyRegisteredInSubNet), again.Error, StringComparison.Ordinal);

        var staked = _bed.WalletClient(seed, "stake", "add", "--wallet", "alice", "--hotkey", "miner", "--amount", "1.5");
        Assert.True(staked.ExitCode == 0, staked.ToString());
        Assert.Contains("staked 1.500000000 TAO", staked.Output, StringComparison.Ordinal);

        var metagraph = _bed.Client(seed, "metagraph", "--netuid", netuid);
        Assert.True(metagraph.ExitCode == 0, metagraph.ToString());
        Assert.True(metagraph.OutputLines[1].StartsWith("UID", StringComparison.Ordinal), metagraph.ToString());
        var rows = metagraph.OutputLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["UID", "HOTKEY", "COLDKEY", "STAKE_TAO", "INCENTIVE", "DIVIDENDS", "EMISSION_TAO", "VALIDATOR_TRUST", "PERMIT", "ACTIVE"], rows[1]);
        Assert.Equal(["0", aliceHotkey, owner], rows[2][..3]);
        Assert.Equal("1.500000000", rows[2][3]);

        // Bob's coldkey holds nothing.
        var refused = _bed.WalletClient(seed, "stake", "add", "--wallet", "bob", "--hotkey", "default", "--amount", "1");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("The ledger refused the stake", refused.Error, StringComparison.Ordinal);
        Assert.Matches(@"\w+ \(\d+\): ", refused.Error);

        var unstakeTooMuch = _bed.WalletClient(seed, "stake", "remove", "--wallet", "alice", "--hotkey", "miner", "--amount", "2");
        Assert.True(unstakeTooMuch.ExitCode == 2, unstakeTooMuch.ToString());
        Assert.Contains(nameof(LedgerErrorCode.NotEnoughStakeToWithdraw), unstakeTooMuch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mistakes_should_be_reported_before_the_cluster_is_joined()
    {
        // Nothing listens at this seed: a bad amount or an unknown wallet must not wait for the timeout.
        var unknown = _bed.WalletClient(ClientTestBed.Nowhere, "register", "--netuid", "1", "--wallet", "nobody", "--hotkey", "default");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("There is no wallet 'nobody'", unknown.Error, StringComparison.Ordinal);

        foreach (var amount in new[] { "0", "-1", "1.0000000001", "abc", "18446744074", "99999999999999999999999999" })
        {
            var bad = _bed.WalletClient(ClientTestBed.Nowhere, "stake", "add", "--wallet", "nobody", "--hotkey", "default", "--amount", amount);
            Assert.True(bad.ExitCode == 2, bad.ToString());
            Assert.Contains("--amount", bad.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_seed_node_where_nothing_listens_should_be_reported_as_unreachable_within_the_timeout()
    {
        var clock = Stopwatch.StartNew();
        var result = _bed.Client(ClientTestBed.Nowhere, "metagraph", "--netuid", "1", "--timeout", "2s");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cluster unreachable at akka.tcp://bittensor@127.0.0.1:1 within 2 s", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
