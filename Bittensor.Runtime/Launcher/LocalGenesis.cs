using System.Globalization;
using System.Security.Cryptography;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Runtime.Client;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// What <c>up</c> sets up on a fresh local chain, through the ledger's public commands as any client would: a wallet
/// per node and one for the subnet's owner, test TAO for each from the faucet, the subnet, and hyperparameters fit for
/// fast blocks. Run again on a chain that already has the owner's subnet, it changes nothing: the cluster resumes.
/// </summary>
internal static class LocalGenesis
{
    public const string OwnerWallet = "owner";
    public const ushort NetUid = 1;
    private const ulong RaoPerTao = 1_000_000_000;

    /// <summary>The largest single faucet request genesis makes, in TAO: the ledger node's <c>--faucet-tao</c>.</summary>
    public const int FaucetTao = 1_000_000;

    /// <summary>Every validator hotkey's stake, in TAO.</summary>
    public const int ValidatorStakeTao = 1_000;

    /// <summary>
    /// The wallets of the owner and of every node, created when missing with a random password nobody keeps: these are
    /// test keys, and nothing here needs a coldkey unlocked.
    /// </summary>
    public static void EnsureWallets(WalletStore store, LocalClusterPlan plan)
    {
        foreach (var name in plan.Nodes.Select(n => n.Wallet).Prepend(OwnerWallet))
        {
            if (!store.Exists(name)) store.Create(name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        }
    }

    /// <summary>Funds the wallets and creates the subnet unless it exists; the subnet's id.</summary>
    public static async Task<ushort> RunAsync(ClusterClient client, WalletStore store, LocalClusterPlan plan, int tempo)
    {
        var owner = store.Open(OwnerWallet).ColdkeyAddress.ToString();
        var existing = await client.AskAsync<MetagraphResult>(new GetMetagraph(NetUid)).ConfigureAwait(false);
        if (existing.Metagraph is not null) return NetUid;

        // Balances first: a node that sees the subnet registers at once.
        await AcceptAsync(client, new Endow(owner, 10_000 * RaoPerTao)).ConfigureAwait(false);
        foreach (var node in plan.Nodes.Where(n => n.HostsNeurons))
        {
            var tao = (ulong)node.Neurons * (ValidatorStakeTao + 100);
            await AcceptAsync(client, new Endow(store.Open(node.Wallet).ColdkeyAddress.ToString(), tao * RaoPerTao)).ConfigureAwait(false);
        }

        var created = await AcceptAsync(client, new CreateSubnet(owner)).ConfigureAwait(false);
        var netUid = (ushort)(created.Outcome.Uid ?? NetUid);
        var neurons = plan.Nodes.Sum(n => n.Neurons);
        foreach (var (name, value) in Hyperparameters(tempo, neurons))
            await AcceptAsync(client, new SetHyperparameter(netUid, owner, name, value)).ConfigureAwait(false);
        return netUid;
    }

    /// <summary>
    /// A fast local subnet: an epoch every <paramref name="tempo"/> blocks, weights allowed every half tempo, every
    /// neuron registered within a block or two, and weights set in the clear (the validators here do not commit and
    /// reveal).
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Hyperparameters(int tempo, int neurons) =>
    [
        ("commit_reveal_enabled", "false"),
        ("tempo", tempo.ToString(CultureInfo.InvariantCulture)),
        ("weights_rate_limit", Math.Max(1, tempo / 2).ToString(CultureInfo.InvariantCulture)),
        ("max_regs_per_block", Math.Max(1, neurons).ToString(CultureInfo.InvariantCulture)),
        ("target_regs_per_interval", Math.Max(1, neurons).ToString(CultureInfo.InvariantCulture)),
    ];

    private static async Task<CommandResult> AcceptAsync(ClusterClient client, ILedgerCommand command)
    {
        var result = await client.SubmitAsync(command).ConfigureAwait(false);
        return result.Outcome.Error is { } error
            ? throw new InvalidOperationException($"The ledger refused {command.GetType().Name} during genesis: {error}")
            : result;
    }
}
