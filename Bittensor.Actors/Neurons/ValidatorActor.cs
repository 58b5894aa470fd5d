using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Neurons.Scoring;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// A validator (the Litepaper's: it sends batches of inputs to peers, receives responses and learns their value,
/// then sets weights). Driven by the ledger: it subscribes itself, and every <see cref="MetagraphPublished"/> of its
/// subnet is a step: query the next miners of its <see cref="QueryPlan"/> with a fresh batch through a
/// <see cref="Dendrite"/>, score the answers (<see cref="ValidatorScoring"/>), and, once every
/// <see cref="ValidatorSettings.EpochLengthBlocks"/>, send the row its <see cref="IValidatorPolicy"/> chooses (the
/// honest one: the <see cref="WeightPolicy"/>'s) to the ledger. A policy may keep it offline or from evaluating.
/// Thin: the learning is <see cref="ValidatorScoring"/>'s. One step at a time (the dendrite's nonces must arrive in
/// order); a metagraph that comes while a step runs waits, and only the newest waits (a validator that cannot keep
/// up skips blocks, it does not fall ever further behind). Nothing a miner answers can fail the validator.
/// </summary>
public sealed class ValidatorActor : ReceiveActor
{
    private readonly ValidatorSettings settings;
    private readonly IActorRef ledger;
    private readonly AxonDirectory axons;
    private readonly IActorRef? stepListener;
    private readonly Dendrite dendrite;
    private readonly ValidatorScoring scoring;
    private readonly QueryPlan plan;
    private readonly Random batches;
    private readonly string hotkey;

    private readonly List<IActorRef> awaitingSubscription = [];
    private bool subscribed;
    private Metagraph? waiting;
    private Metagraph? current;
    private bool stepping;
    private ulong block;
    private ulong? nextWeightsBlock;
    private long steps;
    private long skipped;
    private long weightsSubmitted;
    private long weightsAccepted;
    private WeightsRow? lastWeights;
    private LedgerError? lastRefusal;

    // Commit-reveal (the chain's default on a new subnet): a row is committed as a salted hash, then revealed in the
    // epoch the subnet's reveal period names. The mode follows the subnet: a refusal that says the subnet takes the
    // other way switches it. One commit or reveal is in flight at a time, so a reply is known by what was sent.
    private readonly Random salts;
    private bool commitReveal;
    private PendingReveal? pending;
    private (WeightsStep Step, ulong SentAt)? inFlight;

    public ValidatorActor(ValidatorSettings settings, IActorRef ledger, AxonDirectory axons, IActorRef? stepListener)
    {
        this.settings = settings;
        this.ledger = ledger;
        this.axons = axons;
        this.stepListener = stepListener;
        hotkey = settings.Hotkey.Address.ToString();
        dendrite = new Dendrite(new RequestSigner(settings.Hotkey), settings.QueryTimeout);
        scoring = new ValidatorScoring(settings.ScoreAlpha, settings.Gate?.Invoke() ?? new GateVector(settings.GateLearningRate));
        // Two streams from one seed: the batches and the query order do not shift when the other's use changes.
        var seeds = new Random(settings.Seed);
        batches = new Random(seeds.Next());
        plan = new QueryPlan(new Random(seeds.Next()));
        salts = new Random(seeds.Next());
        commitReveal = settings.CommitReveal;

        Receive<MetagraphPublished>(published => published.Metagraph.NetUid == settings.NetUid, published => OnMetagraph(published.Metagraph));
        Receive<MetagraphPublished>(_ => { });
        Receive<BlockProduced>(_ =>
        {
            // The first is the ledger's confirmation of the subscription; the rest precede a metagraph.
            if (subscribed) return;
            subscribed = true;
            foreach (var asker in awaitingSubscription) asker.Tell(Status());
            awaitingSubscription.Clear();
        });
        Receive<AwaitSubscribed>(_ =>
        {
            if (subscribed) Sender.Tell(Status());
            else awaitingSubscription.Add(Sender);
        });
        Receive<ValidatorStepAnswered>(OnAnswered);
        Receive<CommandResult>(OnWeightsResult);
        Receive<GetValidatorStatus>(_ => Sender.Tell(Status()));
    }

    /// <summary>
    /// The props of a validator working as <paramref name="settings"/> says, on the subnet of <paramref name="ledger"/>,
    /// reaching miners through <paramref name="axons"/>; <paramref name="stepListener"/> (optional) gets a
    /// <see cref="ValidatorStepped"/> after every step.
    /// </summary>
    public static Props Props(ValidatorSettings settings, IActorRef ledger, AxonDirectory axons, IActorRef? stepListener = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(axons);
        return Akka.Actor.Props.Create(() => new ValidatorActor(settings, ledger, axons, stepListener));
    }

    protected override void PreStart()
    {
        if (settings.SubscribesToLedger) ledger.Tell(new Subscribe(Self));
    }

    protected override void PostStop()
    {
        if (settings.SubscribesToLedger) ledger.Tell(new Unsubscribe(Self));
        // The gate was built for this incarnation (a restart builds a new one): a network's native tensors go with it.
        (scoring.Gate as IDisposable)?.Dispose();
    }

    private void OnMetagraph(Metagraph metagraph)
    {
        if (stepping)
        {
            skipped += waiting is null ? 0 : 1;
            waiting = metagraph;
            return;
        }

        Step(metagraph);
    }

    private void Step(Metagraph metagraph)
    {
        block = metagraph.Block;
        current = metagraph;
        nextWeightsBlock ??= block + settings.EpochLengthBlocks;
        scoring.Sync(metagraph.Neurons.Select(n => n.Hotkey).ToList());
        var online = settings.Policy.IsOnline(block);

        var targets = new Dictionary<int, AxonTarget>();
        foreach (var neuron in metagraph.Neurons)
        {
            if (neuron.Hotkey != hotkey && axons.Find(neuron) is { } axon)
            {
                targets[neuron.Uid] = axon;
            }
        }

        var uids = online && settings.Policy.Evaluates ? plan.Next(targets.Keys, settings.QueriesPerStep) : [];
        var inputs = settings.Task.SampleInputs(batches, settings.BatchSize);
        var answered = new ValidatorStepAnswered(block, online, uids, inputs, settings.Task.Targets(inputs), settings.Task.OutputShape(inputs), []);
        stepping = true;
        if (uids.Count == 0)
        {
            Self.Tell(answered);
            return;
        }

        dendrite.ForwardAsync(uids.Select(uid => targets[uid]).ToList(), settings.NetUid, SynapseType.TextLastHiddenState, inputs)
            .PipeTo(Self,
                success: results => answered with { Results = results },
                // The dendrite never throws for a call; should it fail anyway, every queried miner failed this step.
                failure: e => answered with
                {
                    Results = uids.Select(uid => new DendriteResult(targets[uid], ReturnCode.UnknownException, e.Message, null, TimeSpan.Zero)).ToList(),
                });
    }

    private void OnAnswered(ValidatorStepAnswered answered)
    {
        var report = scoring.Score(answered.Inputs, answered.Uids, answered.Results.Select(r => (r.Code, r.Outputs)).ToList(), answered.Targets, answered.Shape);
        steps++;
        var sent = answered.Online ? MaybeSetWeights(answered.Block) : null;
        stepListener?.Tell(new ValidatorStepped(answered.Block, answered.Uids, report.Failures, sent));

        stepping = false;
        if (waiting is { } next)
        {
            waiting = null;
            Step(next);
        }
    }

    private WeightsRow? MaybeSetWeights(ulong at)
    {
        // A reply lost on the way (the ledger moved) must not hold the weights forever.
        if (inFlight is { } sent && at > sent.SentAt + (2 * settings.EpochLengthBlocks)) inFlight = null;
        if (commitReveal && pending is { Committed: true } && inFlight is null)
        {
            // Revealed at every step until the ledger takes it: too early is refused and tried again.
            Send(WeightsStep.Reveal, at, new RevealWeights(settings.NetUid, hotkey, pending.Row.Uids, pending.Row.Values, pending.Salt, settings.VersionKey));
        }

        if (at < nextWeightsBlock || (commitReveal && (pending is not null || inFlight is not null)))
        {
            return null;
        }

        var self = Enumerable.Range(0, scoring.Board.Count).FirstOrDefault(uid => scoring.Board.HotkeyOf(uid) == hotkey, -1);
        var row = self < 0 || current is null
            ? null
            : settings.Policy.ChooseWeights(new WeightsContext(current, scoring.Board.Scores(), self, settings.MinAllowedWeights, settings.MaxWeightLimit));
        if (row is null)
        {
            // Unregistered, or nothing learned yet: try again at the next step.
            return null;
        }

        nextWeightsBlock = at + settings.EpochLengthBlocks;
        weightsSubmitted++;
        lastWeights = row;
        if (commitReveal)
        {
            var salt = Enumerable.Range(0, SaltLength).Select(_ => (ushort)salts.Next(ushort.MaxValue + 1)).ToArray();
            pending = new PendingReveal(row, salt, Committed: false);
            Send(WeightsStep.Commit, at, new CommitWeights(settings.NetUid, hotkey,
                WeightsCommitHash.Compute(hotkey, settings.NetUid, row.Uids, row.Values, salt, settings.VersionKey)));
        }
        else
        {
            ledger.Tell(new SubmitCommand(new SetWeights(settings.NetUid, hotkey, row.Uids, row.Values, settings.VersionKey)));
        }

        return row;
    }

    private void Send(WeightsStep step, ulong at, ILedgerCommand command)
    {
        inFlight = (step, at);
        ledger.Tell(new SubmitCommand(command));
    }

    private void OnWeightsResult(CommandResult result)
    {
        var step = inFlight?.Step ?? WeightsStep.Set;
        inFlight = null;
        if (result.Outcome.Accepted)
        {
            switch (step)
            {
                case WeightsStep.Commit when pending is not null:
                    pending = pending with { Committed = true };
                    break;
                case WeightsStep.Commit:
                    break;
                default:
                    // Set directly, or revealed: the weights are on the chain.
                    weightsAccepted++;
                    pending = null;
                    break;
            }

            return;
        }

        var error = result.Outcome.Error!;
        if (step == WeightsStep.Reveal && error.Code == LedgerErrorCode.RevealTooEarly)
        {
            return; // the reveal epoch has not come yet: revealed again at the next step
        }

        lastRefusal = error;
        pending = null;
        if (error.Code is LedgerErrorCode.CommitRevealEnabled or LedgerErrorCode.CommitRevealDisabled)
        {
            // The subnet takes weights the other way (its owner may switch at any time): follow it, at once.
            commitReveal = error.Code == LedgerErrorCode.CommitRevealEnabled;
            nextWeightsBlock = 0;
        }

        // An operator must see why the chain refuses this validator's weights: it earns nothing until they land.
        Context.GetLogger().Warning("Validator {0}: the ledger refused its weights at block {1}: {2}", hotkey, result.Block, error);
    }

    private ValidatorStatus Status()
    {
        var board = scoring.Board;
        var uids = Enumerable.Range(0, board.Count).ToList();
        return new ValidatorStatus(
            block, steps, skipped,
            [.. board.Scores()],
            [.. uids.Select(uid => board.Record(uid).Queried)],
            [.. uids.Select(uid => board.Record(uid).Failed)],
            weightsSubmitted, weightsAccepted, lastWeights, lastRefusal);
    }

    private const int SaltLength = 8;

    private enum WeightsStep
    {
        Set,
        Commit,
        Reveal,
    }

    private sealed record PendingReveal(WeightsRow Row, ushort[] Salt, bool Committed);
}
