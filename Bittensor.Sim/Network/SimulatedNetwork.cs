using Akka.Actor;
using Akka.Cluster;
using Bittensor.Ledger;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Bittensor.Sim.Clock;
using Bittensor.Sim.Scenarios;

namespace Bittensor.Sim.Network;

/// <summary>
/// A running simulated subnet: the ledger, an axon per miner and a <see cref="ValidatorActor"/> per validator, the
/// very actors of a real node, in one ActorSystem or spread over several on loopback (peer <c>i</c> on node
/// <c>i mod K</c>; the ledger and the clock's <see cref="BlockAcks"/> on node 0) joined in an Akka.Cluster over
/// loopback, where every message between peers on different nodes crosses Akka.Remote and the serializers. Genesis (subnet, registrations, stake) goes through
/// the ledger's public commands.
/// </summary>
public sealed class SimulatedNetwork : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly List<ActorSystem> nodes;
    private readonly List<AxonDirectory> directories;
    private readonly List<IDisposable> disposables = [];
    private readonly List<IActorRef> validators = [];
    private readonly MinerContext minerContext;
    private int minersStarted;

    private SimulatedNetwork(List<ActorSystem> nodes, IActorRef ledger, MinerContext minerContext)
    {
        this.nodes = nodes;
        Ledger = ledger;
        this.minerContext = minerContext;
        directories = nodes.Select(_ => new AxonDirectory()).ToList();
    }

    /// <summary>The ledger actor (on node 0).</summary>
    public IActorRef Ledger { get; }

    /// <summary>Where validators acknowledge their steps (on node 0).</summary>
    public IActorRef Acks { get; private set; } = ActorRefs.Nobody;

    /// <summary>The subnet simulated.</summary>
    public ushort NetUid { get; private set; }

    /// <summary>The number of validators that acknowledge every block.</summary>
    public int Validators { get; private set; }

    /// <summary>Starts the nodes, creates the subnet with <paramref name="hyperparameters"/>, registers and stakes every peer of <paramref name="plan"/>, and starts them.</summary>
    public static async Task<SimulatedNetwork> StartAsync(
        SimulationOptions options, NetworkPlan plan, TeacherTask task, IReadOnlyList<(string Name, string Value)> hyperparameters,
        SubnetHyperparameters rules, string ownerColdkey, TorchSharp.torch.Device device)
    {
        // One system name for every node: members of one cluster share it.
        var nodes = Enumerable.Range(0, options.Nodes).Select(_ => ActorSystem.Create("bittensor-sim", NodeConfig.Create(remote: options.Nodes > 1, cluster: options.Nodes > 1))).ToList();
        if (nodes.Count > 1)
        {
            await JoinClusterAsync(nodes);
        }

        var ledger = nodes[0].ActorOf(LedgerActor.Props(), "ledger");
        var network = new SimulatedNetwork(nodes, ledger, new MinerContext(task, options.Fidelity, device, options.Seed));
        try
        {
            await network.GenesisAsync(plan, hyperparameters, ownerColdkey);
            network.Acks = nodes[0].ActorOf(BlockAcks.Props(network.NetUid), "block-acks");
            ledger.Tell(new Subscribe(network.Acks));
            foreach (var miner in plan.Miners)
            {
                await network.StartMinerAsync(miner);
            }

            for (var k = 0; k < plan.Validators.Count; k++)
            {
                await network.StartValidatorAsync(k, plan.Validators[k], options, task, rules);
            }
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers <paramref name="miner"/> now (it joins at the next block) and starts its axon.</summary>
    public async Task AddMinerAsync(MinerPlan miner)
    {
        await AcceptAsync(new Endow(miner.Coldkey, 10_000 * HonestScenario.TaoRao));
        await AcceptAsync(new BurnedRegister(NetUid, miner.Coldkey, miner.Hotkey.Address.ToString()));
        await StartMinerAsync(miner);
    }

    /// <summary>Produces the next block; the reply's block number.</summary>
    public async Task<ulong> AdvanceAsync() => (await AcceptAsync(AdvanceBlock.Instance)).Block;

    /// <summary>Waits until every validator has stepped at <paramref name="block"/>; the metagraph at it.</summary>
    public async Task<Metagraph> AwaitBlockAsync(ulong block)
    {
        try
        {
            return (await Acks.Ask<BlockDone>(new AwaitBlock(block, Validators), Wait)).Metagraph;
        }
        catch (AskTimeoutException)
        {
            var seen = await Acks.Ask<string>(new DescribeAcks(), Wait);
            var statuses = new List<string>();
            foreach (var validator in validators)
            {
                var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
                statuses.Add($"{validator.Path.Name} at block {status.Block} after {status.Steps} steps");
            }

            throw new TimeoutException(
                $"Block {block} did not complete within {Wait.TotalSeconds:0} s: {Validators} validators should step at it. Seen: {seen}. Validators: {string.Join("; ", statuses)}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // All at once: a node that waits for another to go first only logs its peers' disassociation.
        await Task.WhenAll(nodes.Select(node => node.Terminate())).WaitAsync(Wait);

        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }
    }

    private async Task GenesisAsync(NetworkPlan plan, IReadOnlyList<(string Name, string Value)> hyperparameters, string ownerColdkey)
    {
        await AcceptAsync(new Endow(ownerColdkey, 1_000_000 * HonestScenario.TaoRao));
        var created = await Ledger.Ask<CommandResult>(new SubmitCommand(new CreateSubnet(ownerColdkey)), Wait);
        NetUid = (ushort)(created.Outcome.Uid ?? throw new InvalidOperationException($"The subnet was not created: {created.Outcome.Error}"));
        foreach (var (name, value) in hyperparameters)
        {
            await AcceptAsync(new SetHyperparameter(NetUid, ownerColdkey, name, value));
        }

        foreach (var validator in plan.Validators)
        {
            var hotkey = validator.Hotkey.Address.ToString();
            await AcceptAsync(new Endow(validator.Coldkey, validator.StakeRao + (10_000 * HonestScenario.TaoRao)));
            await AcceptAsync(new BurnedRegister(NetUid, validator.Coldkey, hotkey));
            await AcceptAsync(new AddStake(validator.Coldkey, hotkey, validator.StakeRao));
        }

        foreach (var miner in plan.Miners)
        {
            await AcceptAsync(new Endow(miner.Coldkey, 10_000 * HonestScenario.TaoRao));
            await AcceptAsync(new BurnedRegister(NetUid, miner.Coldkey, miner.Hotkey.Address.ToString()));
        }
    }

    private async Task StartMinerAsync(MinerPlan miner)
    {
        var node = minersStarted++ % nodes.Count;
        var model = miner.Model(minerContext with { Seed = PeerSeed(minerContext.Seed, "miner", minersStarted) });
        if (model is IDisposable disposable)
        {
            disposables.Add(disposable);
        }

        var name = $"axon-{miner.Hotkey.Address}";
        var axon = nodes[node].ActorOf(AxonActor.Props(Neurons.Miner.Axon(miner.Hotkey, model)), name);
        for (var k = 0; k < nodes.Count; k++)
        {
            directories[k].Add(miner.Hotkey.Address, k == node ? axon : await ResolveAsync(nodes[k], nodes[node], name));
        }
    }

    private async Task StartValidatorAsync(int index, ValidatorPlan plan, SimulationOptions options, TeacherTask task, SubnetHyperparameters rules)
    {
        var node = index % nodes.Count;
        var settings = new ValidatorSettings(plan.Hotkey, NetUid, task, seed: PeerSeed(options.Seed, "validator", index))
        {
            QueriesPerStep = options.QueriesPerStep,
            EpochLengthBlocks = (ulong)options.Tempo,
            MinAllowedWeights = rules.MinAllowedWeights,
            MaxWeightLimit = (ushort)rules.MaxWeightLimit,
            QueryTimeout = TimeSpan.FromSeconds(30),
            Policy = plan.Policy,
            // Neural fidelity: core_validator's gate, a TorchSharp network over the batch's tokens, on the miners' device.
            Gate = options.Fidelity == Fidelity.Neural
                ? () => new TorchGatingNetwork(task.Vocabulary, rules.MaxAllowedUids, width: 32, minerContext.Device, PeerSeed(options.Seed, "gate", index))
                : null,
        };
        var ledger = node == 0 ? Ledger : await ResolveAsync(nodes[node], nodes[0], "ledger");
        var acks = node == 0 ? Acks : await ResolveAsync(nodes[node], nodes[0], "block-acks");
        var validator = nodes[node].ActorOf(ValidatorActor.Props(settings, ledger, directories[node], acks), $"validator-{index}");
        // Subscribed before the first block: a Subscribe from another node may otherwise still be in flight.
        await validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);
        validators.Add(validator);
        Validators++;
    }

    /// <summary>Joins every node to node 0's cluster and waits until each sees itself up.</summary>
    private static async Task JoinClusterAsync(List<ActorSystem> nodes)
    {
        var seed = Cluster.Get(nodes[0]).SelfAddress;
        var up = nodes.Select(node =>
        {
            var member = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var cluster = Cluster.Get(node);
            cluster.RegisterOnMemberUp(() => member.TrySetResult());
            cluster.Join(seed);
            return member.Task;
        }).ToList();
        await Task.WhenAll(up).WaitAsync(Wait);
    }

    // HashCode.Combine is randomized per process; a peer's seed must be the same on every run.
    private static int PeerSeed(int seed, string role, int index) => StableSeed.Of($"{seed}/{role}/{index}");

    private async Task<CommandResult> AcceptAsync(ILedgerCommand command)
    {
        var result = await Ledger.Ask<CommandResult>(new SubmitCommand(command), Wait);
        return result.Outcome.Accepted
            ? result
            : throw new InvalidOperationException($"The ledger refused {command.GetType().Name} during the simulation: {result.Outcome.Error}");
    }

    // The actor exists already (it was started before anyone looks it up), so a reference to its path is enough:
    // no round trip per (node, peer) pair, which at a hundred peers would cost seconds.
    private static Task<IActorRef> ResolveAsync(ActorSystem from, ActorSystem on, string name)
    {
        var address = ((ExtendedActorSystem)on).Provider.DefaultAddress;
        return Task.FromResult(((ExtendedActorSystem)from).Provider.ResolveActorRef(new RootActorPath(address) / "user" / name));
    }
}
