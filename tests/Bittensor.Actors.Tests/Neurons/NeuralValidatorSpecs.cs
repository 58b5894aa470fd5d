using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Tests.Models;
using static TorchSharp.torch;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// A <see cref="ValidatorActor"/> whose gate is core_validator's <see cref="TorchGatingNetwork"/> (on the CPU), on a
/// live ledger against parametric miners of known quality: the input-conditioned gate leaves the scoring as sound
/// as the per-uid vector does (<see cref="ValidatorActorSpecs"/>), it learns to route to the better miners, and the
/// validator disposes the network when it stops.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class NeuralValidatorSpecs() : TestKit(LedgerPersistenceConfig.InMemory(), "neural-validator-specs")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TeacherTask Task = new(5);
    private static readonly double[] Qualities = [0.95, 0.6, 0.3];

    [Fact]
    public async Task A_validator_gated_by_a_network_should_rank_miners_by_quality_and_set_weights_the_ledger_accepts()
    {
        var validatorKey = Keypair.Generate();
        var miners = Qualities.Select(_ => Keypair.Generate()).ToArray();
        var directory = new AxonDirectory();
        for (var k = 0; k < miners.Length; k++)
        {
            directory.Add(miners[k].Address, Sys.ActorOf(AxonActor.Props(Miner.Axon(miners[k], new ParametricMinerModel(Task, Qualities[k], seed: k)))));
        }

        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subnet = new SubnetHarness(ledger);
        await subnet.SetUpAsync(validatorKey.Address, [.. miners.Select(k => k.Address)], tempo: 5);
        await subnet.AdvanceAsync(); // the first epoch gives the staked validator its permit

        TorchGatingNetwork? network = null;
        var steps = CreateTestProbe();
        var settings = new ValidatorSettings(validatorKey, subnet.NetUid, Task, seed: 1)
        {
            EpochLengthBlocks = 5,
            Gate = () => network = new TorchGatingNetwork(Task.Vocabulary, maxUids: 16, width: 16, CPU, seed: 1),
        };
        var validator = Sys.ActorOf(ValidatorActor.Props(settings, ledger, directory, steps.Ref));
        await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);

        for (var block = 0; block < 24; block++)
        {
            await subnet.AdvanceAsync();
            var stepped = steps.ExpectMsg<ValidatorStepped>(Wait);
            Assert.Equal(3, stepped.Queried.Count);
            Assert.Empty(stepped.Failures);
        }

        var metagraph = await subnet.MetagraphAsync();
        var uids = miners.Select(key => (int)metagraph.Neurons.Single(n => n.Hotkey == key.Address.ToString()).Uid).ToArray();
        var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
        var scores = uids.Select(uid => status.Scores[uid]).ToArray();
        Assert.True(scores[0] > scores[1] && scores[1] > scores[2], $"scores {string.Join(", ", scores)}");
        Assert.True(status.WeightsAccepted >= 3, $"{status.WeightsAccepted} of {status.WeightsSubmitted} weights accepted; last refusal {status.LastRefusal}");
        Assert.Null(status.LastRefusal);
        var incentive = uids.Select(uid => metagraph.Neurons[uid].Incentive).ToArray();
        Assert.True(incentive[0] > incentive[1] && incentive[1] > incentive[2], $"incentive {string.Join(", ", incentive)}");

        // The validator is idle (no block comes), so reading its gate here races nothing.
        Assert.NotNull(network);
        var batch = Task.SampleInputs(new Random(9), 4);
        var logits = network.Logits(batch, uids);
        Assert.True(logits[0] > logits[2], $"gate logits {string.Join(", ", logits)}: the best miner should outrank the worst");

        await validator.GracefulStop(Wait);
        Assert.ThrowsAny<Exception>(() => network.Logits(batch, uids)); // disposed with its validator
    }
}
