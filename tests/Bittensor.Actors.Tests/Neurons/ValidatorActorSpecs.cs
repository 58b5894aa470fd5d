using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// A <see cref="ValidatorActor"/> on a live ledger (in-memory journal) against parametric miners of known quality
/// and miners that fail in every way: it learns the qualities' order, scores every failure as failed without
/// faltering, and its weights are accepted by the ledger and turn into incentive in the same order. Blocks advance
/// only when the previous step is complete (the listener's <see cref="ValidatorStepped"/>), as a simulation drives them.
/// </summary>
public sealed class ValidatorActorSpecs() : TestKit(LedgerPersistenceConfig.InMemory(), "validator-specs")
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TeacherTask Task = new(5);
    private static readonly double[] Qualities = [0.95, 0.7, 0.4];

    [Fact]
    public async Task A_validator_fed_by_its_host_should_not_subscribe_itself_and_count_the_first_block_as_subscribed()
    {
        using var key = Keypair.Generate();
        var ledger = CreateTestProbe();
        var settings = new ValidatorSettings(key, 1, Task, seed: 1) { SubscribesToLedger = false };
        var validator = Sys.ActorOf(ValidatorActor.Props(settings, ledger.Ref, new AxonDirectory()));

        var subscribed = validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);
        validator.Tell(new BlockProduced(7, "hash"));
        await subscribed.WaitAsync(Wait);
        await validator.GracefulStop(Wait);
        ledger.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // neither Subscribe nor Unsubscribe
    }

    [Fact]
    public async Task A_validator_should_rank_miners_by_quality_score_failures_as_failed_and_set_weights_the_ledger_accepts()
    {
        var validatorKey = Keypair.Generate();
        var good = Qualities.Select(_ => Keypair.Generate()).ToArray();
        var nan = Keypair.Generate();
        var wrongShape = Keypair.Generate();
        var throwing = Keypair.Generate();
        var dead = Keypair.Generate();
        var directory = new AxonDirectory();
        for (var k = 0; k < good.Length; k++)
        {
            directory.Add(good[k].Address, Sys.ActorOf(AxonActor.Props(Miner.Axon(good[k], new ParametricMinerModel(Task, Qualities[k], seed: k)))));
        }

        directory.Add(nan.Address, Serve(nan, inputs => Floats(Task.OutputShape(inputs), float.NaN)));
        directory.Add(wrongShape.Address, Serve(wrongShape, inputs => Floats([1, 1], 0.5f)));
        directory.Add(throwing.Address, Serve(throwing, _ => throw new InvalidOperationException("model crashed")));
        var stopped = Sys.ActorOf(AxonActor.Props(Miner.Axon(dead, new ParametricMinerModel(Task, 1, seed: 9))));
        await stopped.GracefulStop(Wait);
        directory.Add(dead.Address, stopped);

        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subnet = new SubnetHarness(ledger);
        await subnet.SetUpAsync(validatorKey.Address, [.. good.Select(k => k.Address), nan.Address, wrongShape.Address, throwing.Address, dead.Address], tempo: 5);
        await subnet.AdvanceAsync(); // the first epoch gives the staked validator its permit

        var steps = CreateTestProbe();
        var settings = new ValidatorSettings(validatorKey, subnet.NetUid, Task, seed: 1)
        {
            QueriesPerStep = 16, EpochLengthBlocks = 5, QueryTimeout = TimeSpan.FromMilliseconds(300),
        };
        var validator = Sys.ActorOf(ValidatorActor.Props(settings, ledger, directory, steps.Ref));
        await validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);

        var failures = new Dictionary<int, string>();
        for (var block = 0; block < 24; block++)
        {
            await subnet.AdvanceAsync();
            var stepped = steps.ExpectMsg<ValidatorStepped>(Wait);
            Assert.Equal(7, stepped.Queried.Count);
            foreach (var (uid, reason) in stepped.Failures) failures[uid] = reason;
        }

        var metagraph = await subnet.MetagraphAsync();
        int Uid(Keypair key) => metagraph.Neurons.Single(n => n.Hotkey == key.Address.ToString()).Uid;
        Assert.Contains("NaN", failures[Uid(nan)]);
        Assert.Contains("shape", failures[Uid(wrongShape)]);
        Assert.Contains(nameof(ReturnCode.UnknownException), failures[Uid(throwing)]);
        Assert.Contains(nameof(ReturnCode.Timeout), failures[Uid(dead)]);
        Assert.Equal(4, failures.Count);

        var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
        var scores = good.Select(k => status.Scores[Uid(k)]).ToArray();
        Assert.True(scores[0] > scores[1] && scores[1] > scores[2] && scores[2] > 0, $"scores {string.Join(", ", scores)}");
        foreach (var bad in new[] { nan, wrongShape, throwing, dead })
        {
            Assert.Equal(0, status.Scores[Uid(bad)]);
            Assert.Equal(status.Queried[Uid(bad)], status.Failed[Uid(bad)]);
        }

        Assert.True(status.WeightsAccepted >= 3, $"{status.WeightsAccepted} of {status.WeightsSubmitted} weights accepted; last refusal {status.LastRefusal}");
        Assert.Null(status.LastRefusal);
        var incentive = good.Select(k => metagraph.Neurons[Uid(k)].Incentive).ToArray();
        Assert.True(incentive[0] > incentive[1] && incentive[1] > incentive[2], $"incentive {string.Join(", ", incentive)}");
        Assert.All(new[] { nan, wrongShape, throwing, dead }, bad => Assert.Equal(0, metagraph.Neurons[Uid(bad)].Incentive));
    }

    [Fact]
    public async Task A_validator_should_follow_a_commit_reveal_subnet_commit_its_row_and_reveal_it_in_the_reveal_epoch()
    {
        var validatorKey = Keypair.Generate();
        var miners = new[] { Keypair.Generate(), Keypair.Generate() };
        var directory = new AxonDirectory();
        for (var k = 0; k < miners.Length; k++)
            directory.Add(miners[k].Address, Sys.ActorOf(AxonActor.Props(Miner.Axon(miners[k], new ParametricMinerModel(Task, 0.9 - (0.4 * k), seed: k)))));
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subnet = new SubnetHarness(ledger);
        await subnet.SetUpAsync(validatorKey.Address, [.. miners.Select(m => m.Address)], tempo: 4);
        // The owner turns commit-reveal on after the validator learned the subnet's rules: it must find out by itself.
        await subnet.AcceptAsync(new SetHyperparameter(subnet.NetUid, "owner", "commit_reveal_enabled", "true"));
        await subnet.AdvanceAsync();

        var steps = CreateTestProbe();
        var settings = new ValidatorSettings(validatorKey, subnet.NetUid, Task, seed: 3) { EpochLengthBlocks = 4, QueryTimeout = Wait };
        var validator = Sys.ActorOf(ValidatorActor.Props(settings, ledger, directory, steps.Ref));
        await validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);
        for (var block = 0; block < 30; block++)
        {
            await subnet.AdvanceAsync();
            steps.ExpectMsg<ValidatorStepped>(Wait);
        }

        var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
        // The first row, set directly, was refused for commit-reveal; later rows were committed and revealed.
        Assert.True(status.WeightsAccepted >= 2, $"{status.WeightsAccepted} of {status.WeightsSubmitted} rows landed; last refusal {status.LastRefusal}");
        Assert.Equal(LedgerErrorCode.CommitRevealEnabled, status.LastRefusal?.Code);
        var metagraph = await subnet.MetagraphAsync();
        var incentive = miners.Select(m => metagraph.Neurons.Single(n => n.Hotkey == m.Address.ToString()).Incentive).ToArray();
        Assert.True(incentive[0] > incentive[1] && incentive[1] > 0, $"incentive {string.Join(", ", incentive)}");
    }

    [Fact]
    public async Task A_validator_that_falls_behind_should_skip_to_the_newest_block_and_never_step_twice_at_once()
    {
        var validatorKey = Keypair.Generate();
        var slowKey = Keypair.Generate();
        var gate = new TaskCompletionSource();
        var directory = new AxonDirectory().Add(slowKey.Address, Sys.ActorOf(AxonActor.Props(
            new AxonSettings(slowKey, async (_, inputs, _, token) =>
            {
                await gate.Task.WaitAsync(token);
                return Task.TargetPayload(inputs);
            }) { Timeout = Wait })));
        var ledger = Sys.ActorOf(LedgerActor.Props());
        var subnet = new SubnetHarness(ledger);
        await subnet.SetUpAsync(validatorKey.Address, [slowKey.Address], tempo: 100);
        var steps = CreateTestProbe();
        var validator = Sys.ActorOf(ValidatorActor.Props(new ValidatorSettings(validatorKey, subnet.NetUid, Task, seed: 2) { QueryTimeout = Wait }, ledger, directory, steps.Ref));
        await validator.Ask<ValidatorStatus>(AwaitSubscribed.Instance, Wait);

        for (var block = 0; block < 4; block++) await subnet.AdvanceAsync(); // block 1's step waits on the gate; 2, 3 and 4 arrive meanwhile
        steps.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.SetResult();

        Assert.Equal(1UL, steps.ExpectMsg<ValidatorStepped>(Wait).Block);
        Assert.Equal(4UL, steps.ExpectMsg<ValidatorStepped>(Wait).Block);
        var status = await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, Wait);
        Assert.Equal(2, status.Steps);
        Assert.Equal(2, status.SkippedBlocks);
    }

    private IActorRef Serve(Keypair key, Func<TensorPayload, TensorPayload> forward) =>
        Sys.ActorOf(AxonActor.Props(new AxonSettings(key, (_, inputs, _, _) => System.Threading.Tasks.Task.FromResult(forward(inputs)))
        {
            Inputs = AxonInputRule.TextTokens,
        }));

    private static TensorPayload Floats(long[] shape, float value)
    {
        var values = Enumerable.Repeat(value, (int)shape.Aggregate(1L, (a, b) => a * b)).ToArray();
        return TensorPayload.Create(TensorDType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
