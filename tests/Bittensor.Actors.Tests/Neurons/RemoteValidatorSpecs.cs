using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Bittensor.Tests.Models;
using static TorchSharp.torch;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// The network end to end across two real ActorSystems over Akka.Remote on loopback: the miners' system serves a
/// trained TorchSharp miner and parametric miners through axons; the validator's system holds the ledger and a
/// validator that finds the miners through remote actor refs. Every query, answer and tensor crosses the wire and
/// the protocol serializer; the validator learns the miners' order, and its weights become the ledger's incentive.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RemoteValidatorSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TeacherTask Task = new(8);

    private readonly ActorSystem minerSystem = ActorSystem.Create("remote-miners", RemoteLoopback.Config());
    private readonly ActorSystem validatorSystem = ActorSystem.Create("remote-validator", RemoteLoopback.Config());

    public System.Threading.Tasks.Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        await validatorSystem.Terminate().WaitAsync(Wait);
        await minerSystem.Terminate().WaitAsync(Wait);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_validator_should_score_remote_torch_and_parametric_miners_and_set_weights_that_the_ledger_turns_into_incentive()
    {
        using var torchMiner = new TorchMinerModel(Task, width: 32, CPU, seed: 3);
        torchMiner.Train(steps: 200, batchSize: 32, new Random(4));
        var miners = new (Keypair Key, IMinerModel Model)[]
        {
            (Keypair.Generate(), torchMiner),
            (Keypair.Generate(), new ParametricMinerModel(Task, 0.9, seed: 1)),
            (Keypair.Generate(), new ParametricMinerModel(Task, 0.5, seed: 2)),
            (Keypair.Generate(), new ParametricMinerModel(Task, 0.1, seed: 3)),
        };
        var directory = new AxonDirectory();
        var minersAddress = ((ExtendedActorSystem)minerSystem).Provider.DefaultAddress;
        for (var k = 0; k < miners.Length; k++)
        {
            minerSystem.ActorOf(AxonActor.Props(Miner.Axon(miners[k].Key, miners[k].Model)), $"axon-{k}");
            var remote = await validatorSystem.ActorSelection(new RootActorPath(minersAddress) / "user" / $"axon-{k}").ResolveOne(Wait);
            Assert.True(remote.Path.Address.HasGlobalScope, "the validator should reach the axon through remoting");
            directory.Add(miners[k].Key.Address, remote);
        }

        using var validatorKey = Keypair.Generate();
        var ledger = validatorSystem.ActorOf(LedgerActor.Props(), "ledger");
        var subnet = new SubnetHarness(ledger);
        await subnet.SetUpAsync(validatorKey.Address, miners.Select(m => m.Key.Address).ToList(), tempo: 5);
        await subnet.AdvanceAsync();
        var steps = Channel.CreateUnbounded<ValidatorStepped>();
        var listener = validatorSystem.ActorOf(Props.Create(() => new StepListener(steps.Writer)));
        var validator = validatorSystem.ActorOf(ValidatorActor.Props(
            new ValidatorSettings(validatorKey, subnet.NetUid, Task, seed: 7) { EpochLengthBlocks = 5, QueryTimeout = Wait }, ledger, directory, listener));
        await validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);

        for (var block = 0; block < 20; block++)
        {
            await subnet.AdvanceAsync();
            var step = await steps.Reader.ReadAsync().AsTask().WaitAsync(Wait);
            Assert.Empty(step.Failures);
            Assert.Equal(miners.Length, step.Queried.Count);
        }

        var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
        var metagraph = await subnet.MetagraphAsync();
        int Uid(Keypair key) => metagraph.Neurons.Single(n => n.Hotkey == key.Address.ToString()).Uid;
        var scores = miners.Select(m => status.Scores[Uid(m.Key)]).ToArray();
        Assert.True(scores[0] > 0, $"the trained torch miner scored {scores[0]}");
        Assert.True(scores[1] > scores[2] && scores[2] > scores[3], $"scores {string.Join(", ", scores)}");
        Assert.True(status.WeightsAccepted >= 3 && status.LastRefusal is null, $"{status.WeightsAccepted} accepted; {status.LastRefusal}");
        var incentive = miners.Select(m => metagraph.Neurons[Uid(m.Key)].Incentive).ToArray();
        Assert.True(incentive[1] > incentive[2], $"incentive {string.Join(", ", incentive)}");

        // The miners' side counted the same calls the validator made: every one crossed the wire and came back.
        for (var k = 0; k < miners.Length; k++)
        {
            var axon = await minerSystem.ActorSelection($"/user/axon-{k}").ResolveOne(Wait);
            var stats = await axon.Ask<AxonStats>(GetAxonStats.Instance, Wait);
            Assert.Equal(status.Queried[Uid(miners[k].Key)], stats.Answered.GetValueOrDefault(ReturnCode.Success));
        }
    }

    /// <summary>Hands each <see cref="ValidatorStepped"/> to the test (which has no TestKit here) through a channel.</summary>
    private sealed class StepListener : ReceiveActor
    {
        public StepListener(ChannelWriter<ValidatorStepped> steps) => Receive<ValidatorStepped>(step => steps.TryWrite(step));
    }
}
