using System.CommandLine;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands.Client;

/// <summary><c>--seed-nodes</c>, <c>--timeout</c>, <c>--config</c>: where the cluster is and how long to wait for it.</summary>
internal sealed class ClusterOptions
{
    private readonly Option<string[]> _seeds = new("--seed-nodes")
    {
        Description = $"Addresses of running nodes, like akka.tcp://{NodeOptions.SystemName}@127.0.0.1:{NodeOptions.DefaultPort}.",
        AllowMultipleArgumentsPerToken = true,
        Required = true,
    };

    private readonly Option<string> _timeout = new("--timeout")
    {
        Description = "How long to wait to join the cluster and for each answer of the ledger: 10s, 500ms, or seconds.",
        DefaultValueFactory = _ => "10s",
    };

    private readonly Option<string?> _config = new("--config") { Description = "A HOCON file layered over the client's defaults." };

    private ClusterOptions()
    {
    }

    public static ClusterOptions AddTo(Command command)
    {
        var options = new ClusterOptions();
        command.Options.Add(options._seeds);
        command.Options.Add(options._timeout);
        command.Options.Add(options._config);
        return options;
    }

    /// <exception cref="ArgumentException">A malformed seed node or duration, or a missing config file.</exception>
    public (NodeOptions Options, TimeSpan Timeout) Read(ParseResult parseResult) =>
        (NodeOptions.Client(parseResult.GetValue(_seeds), configFile: parseResult.GetValue(_config)),
            NodeOptions.ParseDuration(parseResult.GetValue(_timeout) ?? "10s", "--timeout"));
}
