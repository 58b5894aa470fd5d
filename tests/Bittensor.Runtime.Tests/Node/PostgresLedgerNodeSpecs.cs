using Akka.Actor;
using Akka.Configuration;
using Bittensor.Ledger;
using Bittensor.Runtime.Node;
using Bittensor.Tests.Ledger;

namespace Bittensor.Runtime.Tests.Node;

/// <summary>
/// A ledger node told by <c>--postgres-env</c> to keep its chain in PostgreSQL (a throwaway server from Debian's
/// package, as the Actors specs use): it produces blocks into the database, and a node started afterwards on the same
/// database goes on from the persisted block with every acknowledged command. CI must run it (.ci/run installs the server).
/// </summary>
public sealed class PostgresLedgerNodeSpecs : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly PostgresServer _server;

    public PostgresLedgerNodeSpecs(PostgresServer server) => _server = server;

    [Fact]
    public async Task A_node_on_PostgreSQL_should_resume_its_chain_from_the_database()
    {
        if (!_server.AvailableOrFailInCi()) return;

        var variable = "BITTENSOR_TEST_PG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, _server.CreateDatabase());
        try
        {
            using var unused = new TempFolder(); // --data is not touched: no ledger.db appears there
            var options = NodeOptions.Create([NodeRole.Ledger], port: 0, dataDirectory: unused.Path, blockTime: TimeSpan.FromMilliseconds(100), faucetRao: 1_000, postgresEnv: variable);
            Assert.NotNull(options.PostgresConnection);

            StateHashResult acknowledged;
            var first = LedgerNode.Start(options, ConfigurationFactory.ParseString(FastCluster.Hocon));
            try
            {
                var endowed = await first.Ledger.Ask<CommandResult>(new SubmitCommand(new Endow("alice", 1_000)), Wait);
                Assert.True(endowed.Outcome.Accepted);
                acknowledged = await LedgerWaits.UntilAsync(first, s => s.Block >= 3, Wait);
            }
            finally
            {
                await CoordinatedShutdown.Get(first.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
            }

            Assert.False(File.Exists(Path.Combine(unused.Path, "ledger.db")));
            var second = LedgerNode.Start(options, ConfigurationFactory.ParseString(FastCluster.Hocon));
            try
            {
                var resumed = await LedgerWaits.UntilAsync(second, s => s.Block >= acknowledged.Block, Wait);
                Assert.True(resumed.Block >= acknowledged.Block, $"resumed at {resumed.Block}, acknowledged {acknowledged.Block}");
                var status = await second.Ledger.Ask<PersistenceStatus>(GetPersistenceStatus.Instance, Wait);
                Assert.True(status.EventsReplayed > (long)acknowledged.Block, $"replayed {status.EventsReplayed} events");
            }
            finally
            {
                await CoordinatedShutdown.Get(second.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void An_unset_variable_should_be_named_in_the_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeOptions.Create([NodeRole.Ledger], postgresEnv: "BITTENSOR_NO_SUCH_VARIABLE"));
        Assert.Contains("BITTENSOR_NO_SUCH_VARIABLE", ex.Message, StringComparison.Ordinal);
    }
}
