using System.Globalization;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Bittensor.Ledger.Persistence;
using Bittensor.Protocol;

namespace Bittensor.Runtime.Node;

/// <summary>
/// The Akka configuration of a node, in layers (the first wins): <paramref name="overrides"/> (tests), the command
/// line's options, the <c>--config</c> file, then the node's defaults (hocon/cluster.conf: cluster provider, failure
/// detector, split-brain resolver, singleton timing, coordinated shutdown), then the ledger's store and serializers
/// and the protocol's transport sizes.
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

    /// <summary>hocon/cluster.conf, embedded in this assembly: the cluster provider, failure detector, split-brain resolver, singleton timing and coordinated shutdown.</summary>
    internal static Config Defaults { get; } = ConfigurationFactory.ParseString(Hocon("cluster.conf"));

    /// <summary>A HOCON file of hocon/ embedded in Bittensor.Runtime, by file name (for example <c>cluster.conf</c>).</summary>
    internal static string Hocon(string fileName)
    {
        var resource = "Bittensor.Runtime.hocon." + fileName;
        using var stream = typeof(NodeHocon).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {typeof(NodeHocon).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string EnsureFolder(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        return filePath;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
