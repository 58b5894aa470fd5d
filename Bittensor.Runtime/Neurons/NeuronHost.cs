using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Runtime.Commands;
using Bittensor.Runtime.Node;
using TorchSharp;

namespace Bittensor.Runtime.Neurons;

/// <summary>
/// The miners and validators of one node, started in the order a Bittensor operator follows: open the wallet,
/// register every hotkey on the subnet (retrying while the subnet's per-block limit is reached), stake the validators,
/// train each miner's model and serve its axon, announcing the endpoint on the chain (<see cref="ServeAxon"/>), then
/// start the validators, which find the axons from the metagraph's endpoints and are fed blocks and metagraphs from
/// the ledger's pub-sub topics, so that they keep stepping when the ledger singleton moves to another node.
/// </summary>
internal sealed class NeuronHost : IDisposable
{
    private static readonly TimeSpan SubnetPatience = TimeSpan.FromMinutes(2);
    private readonly List<IDisposable> _models = [];
    private readonly List<Keypair> _keys = [];

    private NeuronHost()
    {
    }

    /// <summary>Starts the neurons of <paramref name="node"/>'s roles; progress lines go to <paramref name="output"/>.</summary>
    /// <exception cref="UsageException">No such wallet or subnet, or the ledger refused a registration or stake.</exception>
    public static async Task<NeuronHost> StartAsync(LedgerNode node, NodeOptions nodeOptions, NeuronOptions options, TextWriter output,
        CancellationToken cancellationToken)
    {
        var host = new NeuronHost();
        try
        {
            await host.StartNeuronsAsync(node, nodeOptions, options, output, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var model in _models) model.Dispose();
        foreach (var key in _keys) key.Dispose();
        _models.Clear();
        _keys.Clear();
    }

    private async Task StartNeuronsAsync(LedgerNode node, NodeOptions nodeOptions, NeuronOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var store = new WalletStore(options.WalletRoot);
        if (!store.Exists(options.Wallet))
            throw new UsageException($"No wallet '{options.Wallet}' in {store.Root}: create it with `wallet create --name {options.Wallet}`.");
        var wallet = store.Open(options.Wallet);
        string coldkey;
        try
        {
            coldkey = wallet.ColdkeyAddress.ToString();
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"The wallet '{wallet.Name}' has no {Path.GetFileName(wallet.ColdkeyPubPath)} ({wallet.ColdkeyPubPath}).");
        }

        var miners = nodeOptions.HasRole(NodeRole.Miner) ? Hotkeys(wallet, NodeRole.Miner, options.Neurons) : [];
        var validators = nodeOptions.HasRole(NodeRole.Validator) ? Hotkeys(wallet, NodeRole.Validator, options.Neurons) : [];
        var chain = new ChainClient(node.Ledger, options.NetUid);
        try
        {
            await chain.WaitForSubnetAsync(SubnetPatience, output, cancellationToken).ConfigureAwait(false);
            foreach (var hotkey in miners.Concat(validators))
            {
                var uid = await chain.EnsureRegisteredAsync(coldkey, hotkey.Address.ToString(), cancellationToken).ConfigureAwait(false);
                output.WriteLine($"registered {hotkey.Address} on subnet {options.NetUid}: uid {uid}");
            }

            foreach (var hotkey in validators)
                await chain.EnsureStakeAsync(coldkey, hotkey.Address.ToString(), options.ValidatorStakeRao).ConfigureAwait(false);

            var task = new TeacherTask(options.TaskSeed);
            var device = TorchDevice.Resolve(options.Device);
            var self = node.Address;
            for (var i = 0; i < miners.Count; i++)
            {
                var hotkey = miners[i];
                var model = new TorchMinerModel(task, width: 32, device, seed: Seed(options.TaskSeed, hotkey.Address));
                _models.Add(model);
                model.Train(options.TrainSteps, batchSize: 16, new Random(Seed(options.TaskSeed, hotkey.Address)));
                node.System.ActorOf(AxonActor.Props(Miner.Axon(hotkey, model)), AxonName(hotkey.Address));
                await chain.SubmitAsync(new ServeAxon(options.NetUid, hotkey.Address.ToString(), self.Host!, self.Port!.Value), "serving the axon")
                    .ConfigureAwait(false);
                output.WriteLine($"miner {hotkey.Address} serving on {self.Host}:{self.Port} ({device.type.ToString().ToLowerInvariant()})");
            }

            if (validators.Count == 0) return;
            var axons = new AxonDirectory((ip, port, hotkey) => ((ExtendedActorSystem)node.System).Provider.ResolveActorRef(
                new RootActorPath(new Akka.Actor.Address("akka.tcp", NodeOptions.SystemName, ip, port)) / "user" / AxonName(hotkey)));
            var rules = await chain.RulesAsync().ConfigureAwait(false);
            var log = node.System.ActorOf(ValidatorLog.Props(output), "validator-log");
            var mediator = DistributedPubSub.Get(node.System).Mediator;
            foreach (var hotkey in validators)
            {
                var settings = new ValidatorSettings(hotkey, options.NetUid, task, Seed(options.TaskSeed, hotkey.Address))
                {
                    SubscribesToLedger = false,
                    EpochLengthBlocks = options.WeightsEveryBlocks,
                    QueryTimeout = options.QueryTimeout,
                    ScoreAlpha = options.ScoreAlpha,
                    MinAllowedWeights = rules.MinAllowedWeights,
                    MaxWeightLimit = (ushort)rules.MaxWeightLimit,
                    VersionKey = rules.WeightsVersion,
                    CommitReveal = rules.Consensus.CommitRevealEnabled,
                };
                var validator = node.System.ActorOf(ValidatorActor.Props(settings, node.Ledger, axons, log), $"validator-{hotkey.Address}");
                mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(LedgerTopics.Blocks, validator));
                mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(LedgerTopics.Metagraphs, validator));
                output.WriteLine($"validator {hotkey.Address} querying subnet {options.NetUid}, weights every {options.WeightsEveryBlocks} blocks" +
                    (settings.CommitReveal ? " by commit and reveal" : ""));
            }
        }
        finally
        {
            // The axons sign and the validators sign with these keys for as long as the node runs.
            _keys.AddRange(miners.Concat(validators));
        }
    }

    /// <summary>The actor name of a hotkey's axon: how validators on other nodes find it at its served endpoint.</summary>
    public static string AxonName(Bittensor.Identity.Address hotkey) => $"axon-{hotkey}";

    private static List<Keypair> Hotkeys(Wallet wallet, string role, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var name = NeuronOptions.HotkeyName(role, i);
            return wallet.HasHotkey(name) ? wallet.LoadHotkey(name) : wallet.CreateHotkey(name);
        }).ToList();

    // A neuron's seed from the subnet's task seed and its hotkey: stable across restarts, distinct between neurons.
    private static int Seed(int taskSeed, Bittensor.Identity.Address hotkey) =>
        StableSeed.Of(string.Create(CultureInfo.InvariantCulture, $"{taskSeed}/{hotkey}"));
}
