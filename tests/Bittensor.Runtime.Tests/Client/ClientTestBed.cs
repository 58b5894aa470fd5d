using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Client;

/// <summary>
/// What the client specs share: a wallets folder (cheap key derivation: no coldkey is unlocked), a client HOCON file
/// (<see cref="FastCluster"/>), at most one ledger node started in this process (port 0, a temp store, 100 ms blocks,
/// silent), and the CLI run against a seed node.
/// </summary>
internal sealed class ClientTestBed : IDisposable
{
    /// <summary>A seed node where nothing listens: commands that fail locally must never get as far as it.</summary>
    public const string Nowhere = "akka.tcp://bittensor@127.0.0.1:1";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempFolder _data = new();
    private readonly TempFolder _wallets = new();
    private readonly string _config;
    private LedgerNode? _node;

    public ClientTestBed()
    {
        _config = Path.Combine(_data.Path, "client.conf");
        File.WriteAllText(_config, FastCluster.Hocon);
        Wallets = new WalletStore(_wallets.Path, new Argon2Settings(MemoryKiB: 8, Passes: 1));
    }

    public WalletStore Wallets { get; }

    public string WalletRoot => _wallets.Path;

    public LedgerNode Node => _node ?? throw new InvalidOperationException("No node started.");

    /// <summary>Starts the ledger node (its faucet gives at most <paramref name="faucetRao"/> per request) and returns its address.</summary>
    public string StartNode(ulong faucetRao = 0)
    {
        var options = NodeOptions.Create([NodeRole.Ledger], port: 0, dataDirectory: _data.Path, blockTime: TimeSpan.FromMilliseconds(100), faucetRao: faucetRao);
        // The node logs to the console the specs capture: it stays silent, so that only the client's lines are read.
        _node = LedgerNode.Start(options, ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF")
            .WithFallback(ConfigurationFactory.ParseString(FastCluster.Hocon)));
        return _node.Address.ToString();
    }

    /// <summary>A wallet with one hotkey; returns the coldkey's and the hotkey's addresses.</summary>
    public (string Coldkey, string Hotkey) CreateWallet(string name, string hotkey = "default")
    {
        var wallet = Wallets.Create(name, "password");
        using var hot = wallet.CreateHotkey(hotkey);
        return (wallet.ColdkeyAddress.ToString(), hot.Address.ToString());
    }

    /// <summary>The CLI with <paramref name="args"/>, the seed node and the client HOCON.</summary>
    public CliResult Client(string seed, params string[] args) =>
        RuntimeCli.Run([.. args, "--seed-nodes", seed, "--config", _config]);

    /// <summary>The CLI with <paramref name="args"/> and <c>--root</c> of the wallets folder.</summary>
    public CliResult WalletClient(string seed, params string[] args) => Client(seed, [.. args, "--root", WalletRoot]);

    /// <summary>A command straight through the node's proxy, which must be accepted.</summary>
    public async Task<CommandResult> Submit(ILedgerCommand command)
    {
        var result = await Node.Ledger.Ask<CommandResult>(new SubmitCommand(command), Wait);
        Assert.True(result.Outcome.Accepted, result.ToString());
        return result;
    }

    public void Dispose()
    {
        _node?.System.Terminate().Wait(Wait);
        _data.Dispose();
        _wallets.Dispose();
    }
}
