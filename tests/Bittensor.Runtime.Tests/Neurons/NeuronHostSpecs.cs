using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Commands;
using Bittensor.Runtime.Neurons;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Neurons;

/// <summary>
/// <see cref="NeuronHost"/> on a ledger-and-validator node in this process: it waits for a subnet created after it
/// started, registers its hotkeys (created in the wallet), tops the validator's stake up, sets weights by commit and
/// reveal as the new subnet does, and refuses a wallet whose coldkey cannot pay the registration.
/// </summary>
public sealed class NeuronHostSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempFolder _data = new();
    private readonly TempFolder _wallets = new();
    private LedgerNode _node = null!;
    private NodeOptions _options = null!;

    public Task InitializeAsync()
    {
        _options = NodeOptions.Create([NodeRole.Ledger, NodeRole.Validator], port: 0, dataDirectory: _data.Path,
            blockTime: TimeSpan.FromMilliseconds(100), faucetRao: 1_000_000_000_000_000);
        _node = LedgerNode.Start(_options, ConfigurationFactory.ParseString(FastCluster.Hocon));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await CoordinatedShutdown.Get(_node.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        _data.Dispose();
        _wallets.Dispose();
    }

    [Fact]
    public async Task A_validator_node_should_wait_for_its_subnet_register_stake_and_follow_its_commit_reveal()
    {
        var store = new WalletStore(_wallets.Path, Argon2Settings.Fast);
        var coldkey = store.Create("ops", "password").ColdkeyAddress.ToString();
        await Accept(new Endow(coldkey, 2_000_000_000_000));
        var neurons = NeuronOptions.Create(neurons: 1, wallet: "ops", walletRoot: _wallets.Path, validatorStakeRao: 1_000_000_000_000, device: "cpu");
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var starting = NeuronHost.StartAsync(_node, _options, neurons, TextWriter.Synchronized(output), CancellationToken.None);
        // The subnet comes after the node started (as with `up`); commit-reveal is on, as on a new subnet.
        await Accept(new Endow("owner", 10_000_000_000_000));
        await Accept(new CreateSubnet("owner"));
        using var host = await starting.WaitAsync(Wait);

        var text = output.ToString();
        Assert.Contains("subnet 1 does not exist yet", text, StringComparison.Ordinal);
        Assert.Contains("weights every 100 blocks by commit and reveal", text, StringComparison.Ordinal);
        using var hotkey = store.Open("ops").LoadHotkey(NeuronOptions.HotkeyName(NodeRole.Validator, 0));
        Assert.Contains($"registered {hotkey.Address} on subnet 1: uid 0", text, StringComparison.Ordinal);
        var graph = (await _node.Ledger.Ask<MetagraphResult>(new GetMetagraph(1), Wait)).Metagraph!;
        Assert.Equal(1_000_000_000_000UL, Assert.Single(graph.Neurons).StakeRao);
    }

    [Fact]
    public async Task A_coldkey_that_cannot_pay_should_be_refused_with_the_ledgers_code_and_a_hint()
    {
        var store = new WalletStore(_wallets.Path, Argon2Settings.Fast);
        store.Create("poor", "password");
        await Accept(new Endow("owner", 10_000_000_000_000));
        await Accept(new CreateSubnet("owner"));
        var neurons = NeuronOptions.Create(neurons: 1, wallet: "poor", walletRoot: _wallets.Path, device: "cpu");

        var refused = await Assert.ThrowsAsync<UsageException>(() => NeuronHost.StartAsync(_node, _options, neurons, TextWriter.Null, CancellationToken.None));
        Assert.Contains("NotEnoughBalance", refused.Message, StringComparison.Ordinal);
        Assert.Contains("wallet faucet", refused.Message, StringComparison.Ordinal);
    }

    private async Task Accept(ILedgerCommand command)
    {
        var result = await _node.Ledger.Ask<CommandResult>(new SubmitCommand(command), Wait);
        Assert.True(result.Outcome.Accepted, $"{command}: {result.Outcome.Error}");
    }
}
