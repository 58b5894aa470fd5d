using System.Globalization;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Bittensor.Ledger.Persistence;
using Bittensor.Protocol;

namespace Bittensor.Runtime.Node;

/// <summary>
/// The Akka configuration of a node, in layers (the first wins): <paramref name="overrides"/> (tests), the command
/// line's options, the <c>--config</c> file, then the node's defaults (cluster provider, split-brain resolver, the
/// ledger's store and serializers, the protocol's transport sizes).
/// </summary>
internal static class NodeHocon
{
    public static Config Create(NodeOptions options, Config? overrides = null)
    {
        var commandLine = ConfigurationFactory.ParseString($"""
            akka.remote.dot-netty.tcp.hostname = {Quote(options.Host)}
            akka.remote.dot-netty.tcp.port = {options.Port.ToString(CultureInfo.InvariantCulture)}
            akka.cluster.seed-nodes = [{string.Join(", ", options.SeedNodes.Select(Quote))}]
            akka.cluster.roles = [{string.Join(", ", options.Roles.Select(Quote))}]
            """);
        var file = options.ConfigFile is null ? Config.Empty : ConfigurationFactory.ParseString(File.ReadAllText(options.ConfigFile));
        // Only a ledger node opens the store; the others still need the ledger's messages bound to their serializers.
        var ledger = !options.HasRole(NodeRole.Ledger) ? LedgerPersistenceConfig.Serialization()
            : options.PostgresConnection is { } postgres ? LedgerPersistenceConfig.PostgreSql(postgres)
            : LedgerPersistenceConfig.Sqlite(EnsureFolder(options.LedgerDatabasePath));

        return (overrides ?? Config.Empty)
            .WithFallback(commandLine)
            .WithFallback(file)
            .WithFallback(Defaults)
            .WithFallback(ledger)
            .WithFallback(ProtocolConfig.Serialization())
            .WithFallback(ProtocolConfig.Remote())
            // In the configuration from the start, so their serializer bindings exist before the first message
            // crosses the wire (the extensions would otherwise inject them only when first used).
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(ClusterSingletonProxy.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
    }

    private static readonly Config Defaults = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = cluster
        akka.remote.log-remote-lifecycle-events = off
        # Akka's own split-brain resolver (engineering-notes.md §5.1): the majority side keeps running. Downing
        # everything after a long instability is turned off, since a node process is not restarted by anyone.
        akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
        akka.cluster.split-brain-resolver.active-strategy = keep-majority
        akka.cluster.split-brain-resolver.stable-after = 20s
        akka.cluster.split-brain-resolver.down-all-when-unstable = off
        # A downed node has no business running: shut it down, so its ledger stops writing.
        akka.cluster.run-coordinated-shutdown-when-down = on
        # Ctrl-C and SIGTERM end in CoordinatedShutdown, which leaves the cluster first (the singleton hands over).
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = on
        """);

    private static string EnsureFolder(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        return filePath;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
