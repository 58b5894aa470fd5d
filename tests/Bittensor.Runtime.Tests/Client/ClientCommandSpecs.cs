using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Client;

/// <summary>
/// The client commands run through the CLI's entry point against one ledger node started in this process (port 0,
/// a temp store, 100 ms blocks): a missing subnet, a registration that shows in the metagraph, a refused stake, and
/// a seed node where nothing listens.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClientCommandSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempFolder _data = new();
    private readonly TempFolder _wallets = new();
    private readonly string _config;
    private LedgerNode? _node;

    public ClientCommandSpecs()
    {
        _config = Path.Combine(_data.Path, "client.conf");
        File.WriteAllText(_config, FastCluster.Hocon);
    }

    public void Dispose()
    {
        _node?.System.Terminate().Wait(Wait);
        _data.Dispose();
        _wallets.Dispose();
    }

    [Fact]
    public async Task Register_metagraph_and_stake_should_reach_the_ledger_and_report_its_refusals()
    {
        var node = StartNode();
        var seed = node.Address.ToString();

        var missing = Client(seed, "metagraph", "--netuid", "7");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("subnet 7 does not exist", missing.Error, StringComparison.Ordinal);

        // A cheap key derivation: the coldkey is never unlocked here.
        var store = new WalletStore(_wallets.Path, new Argon2Settings(MemoryKiB: 8, Passes: 1));
        var alice = store.Create("alice", "password");
        string aliceHotkey;
        using (var hot = alice.CreateHotkey("miner")) aliceHotkey = hot.Address.ToString();
        var bob = store.Create("bob", "password");
        bob.CreateHotkey("default").Dispose();

        // The client has no `subnet create` yet: the subnet and the balance come straight through the node's proxy.
        var owner = alice.ColdkeyAddress.ToString();
        await Submit(node, new Endow(owner, 1_000_000_000_000_000));
        var created = await Submit(node, new CreateSubnet(owner));
        var netuid = Assert.IsType<int>(created.Outcome.Uid).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var registered = Client(seed, "register", "--netuid", netuid, "--wallet", "alice", "--hotkey", "miner", "--root", _wallets.Path);
        Assert.True(registered.ExitCode == 0, registered.ToString());
        Assert.Contains($"on subnet {netuid}: uid 0", registered.Output, StringComparison.Ordinal);

        var again = Client(seed, "register", "--netuid", netuid, "--wallet", "alice", "--hotkey", "miner", "--root", _wallets.Path);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains(nameof(LedgerErrorCode.HotKeyAlreadyRegisteredInSubNet), again.Error, StringComparison.Ordinal);

        var staked = Client(seed, "stake", "add", "--wallet", "alice", "--hotkey", "miner", "--amount", "1.5", "--root", _wallets.Path);
        Assert.True(staked.ExitCode == 0, staked.ToString());
        Assert.Contains("staked 1.500000000 TAO", staked.Output, StringComparison.Ordinal);

        var metagraph = Client(seed, "metagraph", "--netuid", netuid);
        Assert.True(metagraph.ExitCode == 0, metagraph.ToString());
        Assert.True(metagraph.OutputLines[1].StartsWith("UID", StringComparison.Ordinal), metagraph.ToString());
        var rows = metagraph.OutputLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["UID", "HOTKEY", "COLDKEY", "STAKE_TAO", "INCENTIVE", "DIVIDENDS", "EMISSION_TAO", "VALIDATOR_TRUST", "PERMIT", "ACTIVE"], rows[1]);
        Assert.Equal(["0", aliceHotkey, owner], rows[2][..3]);
        Assert.Equal("1.500000000", rows[2][3]);

        // Bob's coldkey holds nothing.
        var refused = Client(seed, "stake", "add", "--wallet", "bob", "--hotkey", "default", "--amount", "1", "--root", _wallets.Path);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("The ledger refused the stake", refused.Error, StringComparison.Ordinal);
        Assert.Matches(@"\w+ \(\d+\): ", refused.Error);

        var unstakeTooMuch = Client(seed, "stake", "remove", "--wallet", "alice", "--hotkey", "miner", "--amount", "2", "--root", _wallets.Path);
        Assert.True(unstakeTooMuch.ExitCode == 2, unstakeTooMuch.ToString());
        Assert.Contains(nameof(LedgerErrorCode.NotEnoughStakeToWithdraw), unstakeTooMuch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mistakes_should_be_reported_before_the_cluster_is_joined()
    {
        // Nothing listens at this seed: a bad amount or an unknown wallet must not wait for the timeout.
        const string Nowhere = "akka.tcp://bittensor@127.0.0.1:1";
        var unknown = Client(Nowhere, "register", "--netuid", "1", "--wallet", "nobody", "--hotkey", "default", "--root", _wallets.Path);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("There is no wallet 'nobody'", unknown.Error, StringComparison.Ordinal);

        foreach (var amount in new[] { "0", "-1", "1.0000000001", "abc", "18446744074", "99999999999999999999999999" })
        {
            var bad = Client(Nowhere, "stake", "add", "--wallet", "nobody", "--hotkey", "default", "--amount", amount, "--root", _wallets.Path);
            Assert.True(bad.ExitCode == 2, bad.ToString());
            Assert.Contains("--amount", bad.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_seed_node_where_nothing_listens_should_be_reported_as_unreachable_within_the_timeout()
    {
        var clock = Stopwatch.StartNew();
        var result = Client("akka.tcp://bittensor@127.0.0.1:1", "metagraph", "--netuid", "1", "--timeout", "2s");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cluster unreachable at akka.tcp://bittensor@127.0.0.1:1 within 2 s", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private CliResult Client(string seed, params string[] args) =>
        RuntimeCli.Run([.. args, "--seed-nodes", seed, "--config", _config]);

    private LedgerNode StartNode()
    {
        // The faucet (a cluster ledger refuses every Endow without one) covers the owner's endowment of the spec.
        var options = NodeOptions.Create([NodeRole.Ledger], port: 0, dataDirectory: _data.Path, blockTime: TimeSpan.FromMilliseconds(100),
            faucetRao: 1_000_000_000_000_000);
        // The node logs to the console this class captures: it stays silent, so that only the client's lines are read.
        _node = LedgerNode.Start(options, ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF").WithFallback(ConfigurationFactory.ParseString(FastCluster.Hocon)));
        return _node;
    }

    private static async Task<CommandResult> Submit(LedgerNode node, ILedgerCommand command)
    {
        var result = await node.Ledger.Ask<CommandResult>(new SubmitCommand(command), Wait);
        Assert.True(result.Outcome.Accepted, result.ToString());
        return result;
    }
}
