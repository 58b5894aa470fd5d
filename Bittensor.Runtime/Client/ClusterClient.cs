using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Client;

/// <summary>The cluster did not take the client in as a member (MemberUp) within the timeout.</summary>
internal sealed class ClusterUnreachableException(string message) : Exception(message);

/// <summary>
/// A short-lived cluster member with no roles that talks to the ledger: it joins the seed nodes (same system name,
/// serializers and defaults as a node, through <see cref="NodeHocon"/>), waits for its MemberUp, reaches the ledger
/// singleton through the same proxy as a node (<see cref="LedgerSingleton.StartProxy"/>), and leaves the cluster
/// through CoordinatedShutdown when disposed.
/// </summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    // Standard output is the command's result (a table scripts read), and Akka's logger writes there: the client
    // logs nothing (a leaving member's "Disassociated" errors are expected), and reports failures as its own lines.
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        """);

    private readonly ActorSystem _system;
    private readonly IActorRef _ledger;

    private ClusterClient(ActorSystem system, IActorRef ledger, TimeSpan timeout)
    {
        _system = system;
        _ledger = ledger;
        Timeout = timeout;
    }

    /// <summary>How long joining and each ask may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Joins the cluster at <paramref name="options"/>' seed nodes and waits for MemberUp.</summary>
    /// <exception cref="ClusterUnreachableException">Not up within <paramref name="timeout"/>; the system is stopped.</exception>
    public static async Task<ClusterClient> ConnectAsync(NodeOptions options, TimeSpan timeout)
    {
        var system = ActorSystem.Create(NodeOptions.SystemName, NodeHocon.Create(options, Quiet));
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        if (await Task.WhenAny(up.Task, Task.Delay(timeout)).ConfigureAwait(false) != up.Task)
        {
            // Never a member: nothing to leave, so the system just stops.
            await system.Terminate().ConfigureAwait(false);
            throw new ClusterUnreachableException(
                $"cluster unreachable at {string.Join(", ", options.SeedNodes)} within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }

        return new ClusterClient(system, LedgerSingleton.StartProxy(system), timeout);
    }

    /// <summary>Asks the ledger, waiting at most <see cref="Timeout"/> (an <see cref="AskTimeoutException"/> after).</summary>
    public Task<T> AskAsync<T>(object message) => _ledger.Ask<T>(message, Timeout);

    /// <summary>Submits a command; the reply carries its outcome.</summary>
    public Task<Bittensor.Ledger.CommandResult> SubmitAsync(Bittensor.Ledger.ILedgerCommand command) =>
        AskAsync<Bittensor.Ledger.CommandResult>(new Bittensor.Ledger.SubmitCommand(command));

    /// <summary>Leaves the cluster and stops the system.</summary>
    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
        await _system.WhenTerminated.ConfigureAwait(false);
    }
}
