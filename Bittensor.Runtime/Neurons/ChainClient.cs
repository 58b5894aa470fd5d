using Akka.Actor;
using Bittensor.Ledger;
using Bittensor.Runtime.Commands;
using Bittensor.Runtime.Commands.Client;

namespace Bittensor.Runtime.Neurons;

/// <summary>
/// What a neuron node asks of the ledger while it starts, through the singleton proxy: the subnet's metagraph, a
/// registration that waits out the subnet's per-block limit, a stake topped up to a target, a command that must be
/// accepted. A refusal is a <see cref="UsageException"/> that names the ledger's code and what to do.
/// </summary>
internal sealed class ChainClient(IActorRef ledger, ushort netUid)
{
    // The proxy buffers while the singleton is found or moves; a registration waits for blocks.
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegistrationDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <exception cref="UsageException">The subnet does not exist.</exception>
    public async Task<Metagraph> MetagraphAsync()
    {
        var result = await ledger.Ask<MetagraphResult>(new GetMetagraph(netUid), AskTimeout).ConfigureAwait(false);
        return result.Metagraph
            ?? throw new UsageException($"Subnet {netUid} does not exist: its owner creates it first (`subnet create`).");
    }

    /// <summary>
    /// Waits until the subnet exists, for at most <paramref name="patience"/>: a node may start before the subnet's
    /// owner created it (<c>up</c> starts every node at once). Says once on <paramref name="output"/> that it waits.
    /// </summary>
    /// <exception cref="UsageException">Still no such subnet at the end.</exception>
    public async Task WaitForSubnetAsync(TimeSpan patience, TextWriter output, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        var said = false;
        while ((await ledger.Ask<MetagraphResult>(new GetMetagraph(netUid), AskTimeout).ConfigureAwait(false)).Metagraph is null)
        {
            if (DateTime.UtcNow > deadline)
                throw new UsageException($"Subnet {netUid} does not exist (waited {patience.TotalSeconds:0} s): its owner creates it first (`subnet create`).");
            if (!said) output.WriteLine($"subnet {netUid} does not exist yet; waiting up to {patience.TotalSeconds:0} s for its owner to create it");
            said = true;
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The hotkey's uid, registering it by burn when the subnet does not hold it yet.</summary>
    public async Task<int> EnsureRegisteredAsync(string coldkey, string hotkey, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RegistrationDeadline;
        while (true)
        {
            if ((await MetagraphAsync().ConfigureAwait(false)).Neurons.FirstOrDefault(n => n.Hotkey == hotkey) is { } neuron)
                return neuron.Uid;
            var result = await ledger.Ask<CommandResult>(new SubmitCommand(new BurnedRegister(netUid, coldkey, hotkey)), AskTimeout)
                .ConfigureAwait(false);
            if (result.Outcome.Accepted) return result.Outcome.Uid ?? throw new InvalidOperationException("The ledger accepted a registration without a uid.");
            // The subnet takes max_regs_per_block registrations a block: try again at a later block.
            if (result.Outcome.Error?.Code != LedgerErrorCode.TooManyRegistrationsThisBlock || DateTime.UtcNow > deadline)
                throw Refused(result, $"registering hotkey {hotkey}");
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The subnet's rules a validator's weights must obey.</summary>
    /// <exception cref="UsageException">The subnet does not exist.</exception>
    public async Task<SubnetHyperparameters> RulesAsync()
    {
        var result = await ledger.Ask<HyperparametersResult>(new GetHyperparameters(netUid), AskTimeout).ConfigureAwait(false);
        if (result.Owner is null) throw new UsageException($"Subnet {netUid} does not exist.");
        var rules = SubnetHyperparameters.Default;
        foreach (var (name, value) in result.Values)
        {
            // The ledger lists the names SubnetHyperparameters reads back; a newer ledger's extra names are ignored.
            var (next, error) = rules.With(name, value);
            if (next is not null && error is null) rules = next;
        }

        return rules;
    }

    /// <summary>Adds stake of <paramref name="coldkey"/> on <paramref name="hotkey"/> until it holds <paramref name="targetRao"/>.</summary>
    public async Task EnsureStakeAsync(string coldkey, string hotkey, ulong targetRao)
    {
        var held = (await MetagraphAsync().ConfigureAwait(false)).Neurons.FirstOrDefault(n => n.Hotkey == hotkey)?.StakeRao ?? 0;
        if (held < targetRao) await SubmitAsync(new AddStake(coldkey, hotkey, targetRao - held), $"staking on hotkey {hotkey}").ConfigureAwait(false);
    }

    /// <summary>Submits <paramref name="command"/>; a refusal throws, naming <paramref name="what"/>.</summary>
    public async Task<CommandResult> SubmitAsync(ILedgerCommand command, string what)
    {
        var result = await ledger.Ask<CommandResult>(new SubmitCommand(command), AskTimeout).ConfigureAwait(false);
        return result.Outcome.Accepted ? result : throw Refused(result, what);
    }

    private static UsageException Refused(CommandResult result, string what)
    {
        var error = result.Outcome.Error!;
        var hint = error.Code is LedgerErrorCode.NotEnoughBalance ? " Fund the wallet's coldkey first (`wallet faucet` on a development chain)." : "";
        return new UsageException(ClientRunner.Refusal(error, what) + hint);
    }
}
