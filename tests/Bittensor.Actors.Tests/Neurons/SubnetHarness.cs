using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Ledger;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// A subnet on a live <see cref="LedgerActor"/>, set up through its public commands: an owner, one staked validator
/// and registered miners, tempo and rules chosen for quick epochs. Each command must be accepted, so a broken
/// setup fails where it broke. Blocks advance only when <see cref="AdvanceAsync"/> says so.
/// </summary>
internal sealed class SubnetHarness(IActorRef ledger)
{
    public const ulong Tao = 1_000_000_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public IActorRef Ledger { get; } = ledger;

    public ushort NetUid { get; private set; }

    /// <summary>Creates the subnet (tempo <paramref name="tempo"/>, no weights rate limit, no commit-reveal), registers and stakes.</summary>
    public async Task SetUpAsync(Address validator, IReadOnlyList<Address> miners, int tempo)
    {
        await AcceptAsync(new Endow("owner", 1_000_000 * Tao));
        NetUid = (ushort)(await AcceptAsync(new CreateSubnet("owner"))).Uid!.Value;
        foreach (var (name, value) in new[]
                 {
                     ("tempo", $"{tempo}"), ("weights_rate_limit", "0"), ("commit_reveal_enabled", "false"),
                     ("max_regs_per_block", "64"), ("burn", "1000"), ("min_burn", "1000"), ("immunity_period", "10000"),
                 })
        {
            await AcceptAsync(new SetHyperparameter(NetUid, "owner", name, value));
        }

        await AcceptAsync(new BurnedRegister(NetUid, "owner", validator.ToString()));
        await AcceptAsync(new AddStake("owner", validator.ToString(), 1_000 * Tao));
        foreach (var miner in miners)
        {
            await AcceptAsync(new BurnedRegister(NetUid, "owner", miner.ToString()));
        }
    }

    /// <summary>Applies a command that must be accepted.</summary>
    public async Task<LedgerOutcome> AcceptAsync(ILedgerCommand command)
    {
        var result = await Ledger.Ask<CommandResult>(new SubmitCommand(command), Wait);
        Assert.True(result.Outcome.Accepted, $"{command} was refused: {result.Outcome.Error}");
        return result.Outcome;
    }

    /// <summary>Produces one block.</summary>
    public Task AdvanceAsync() => AcceptAsync(AdvanceBlock.Instance);

    /// <summary>The subnet's metagraph now.</summary>
    public async Task<Metagraph> MetagraphAsync() =>
        (await Ledger.Ask<MetagraphResult>(new GetMetagraph(NetUid), Wait)).Metagraph!;
}
