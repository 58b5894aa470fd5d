using System.CommandLine;
using Akka.Actor;
using Bittensor.Identity;
using Bittensor.Runtime.Neurons;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// <c>node --roles ledger --port 4053 --seed-nodes akka.tcp://bittensor@127.0.0.1:4053 [--host H] [--config FILE]
/// [--data DIR] [--block-time 12s]</c>: starts a cluster node and runs until Ctrl-C or SIGTERM, then leaves the
/// cluster through CoordinatedShutdown (a ledger singleton hands over to the next ledger node) and exits 0.
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var rolesOption = new Option<string[]>("--roles")
        {
            Description = $"Comma-separated roles among {string.Join(", ", NodeRole.All)}.",
            DefaultValueFactory = _ => [NodeRole.Ledger],
            AllowMultipleArgumentsPerToken = true,
        };
        var hostOption = new Option<string>("--host") { Description = "The address this node listens on and others reach it at.", DefaultValueFactory = _ => NodeOptions.DefaultHost };
        var portOption = new Option<int>("--port") { Description = "The TCP port (0: any free one).", DefaultValueFactory = _ => NodeOptions.DefaultPort };
        var seedsOption = new Option<string[]>("--seed-nodes")
        {
            Description = $"Addresses of the nodes to join, like akka.tcp://{NodeOptions.SystemName}@127.0.0.1:{NodeOptions.DefaultPort}; none: form a new cluster.",
            AllowMultipleArgumentsPerToken = true,
        };
        var configOption = new Option<string?>("--config") { Description = "A HOCON file; the command line's options override it." };
        var dataOption = new Option<string>("--data") { Description = "Folder of the ledger's SQLite database (ledger.db).", DefaultValueFactory = _ => "data" };
        var faucetOption = new Option<string>("--faucet-tao")
        {
            Description = "A development chain's faucet: the most TAO the ledger mints per request of `wallet faucet` (0: off).",
            DefaultValueFactory = _ => "0",
        };
        var postgresOption = new Option<string?>("--postgres-env")
        {
            Description = "Store the ledger in PostgreSQL: the environment variable holding the Npgsql connection string (default: SQLite in --data).",
            HelpName = "VAR",
        };
        var blockTimeOption = new Option<string>("--block-time") { Description = "Time between blocks: 12s, 500ms, or seconds.", DefaultValueFactory = _ => "12s" };

        var neurons = new NeuronCommandOptions();

        var command = new Command("node", "Start a cluster node; a ledger node runs the ledger singleton, which produces a block every --block-time.");
        foreach (var option in new Option[] { rolesOption, hostOption, portOption, seedsOption, configOption, dataOption, blockTimeOption, faucetOption, postgresOption })
            command.Options.Add(option);
        neurons.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            NodeOptions options;
            NeuronOptions? neuronOptions;
            try
            {
                options = NodeOptions.Create(
                    parseResult.GetValue(rolesOption) ?? [],
                    parseResult.GetValue(hostOption),
                    parseResult.GetValue(portOption),
                    parseResult.GetValue(seedsOption),
                    parseResult.GetValue(dataOption),
                    NodeOptions.ParseBlockTime(parseResult.GetValue(blockTimeOption) ?? "12s"),
                    parseResult.GetValue(configOption),
                    Client.Tao.ParseOrZero(parseResult.GetValue(faucetOption) ?? "0", "--faucet-tao"),
                    parseResult.GetValue(postgresOption));
                neuronOptions = options.HasRole(NodeRole.Miner) || options.HasRole(NodeRole.Validator) ? neurons.Read(parseResult) : null;
            }
            catch (Exception ex) when (ex is ArgumentException or UsageException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(ex.Message);
                return Task.FromResult(ExitCodes.BadArguments);
            }
            return RunAsync(options, neuronOptions, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    private static async Task<int> RunAsync(NodeOptions options, NeuronOptions? neuronOptions, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        LedgerNode node;
        try
        {
            node = LedgerNode.Start(options);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.BadArguments;
        }
        catch (Exception ex) when (Innermost(ex) is System.Net.Sockets.SocketException socket)
        {
            // Akka's transport wraps it several times over: the socket's own words are what the user needs.
            error.WriteLine($"The node cannot listen on {options.Host}:{options.Port}: {socket.Message}.");
            return ExitCodes.Failed;
        }

        output.WriteLine($"node {node.Address} roles {string.Join(",", options.Roles)}");
        if (options.HasRole(NodeRole.Ledger))
            output.WriteLine($"ledger {(options.PostgresConnection is null ? options.LedgerDatabasePath : "PostgreSQL")} block-time {options.BlockTime.TotalSeconds:0.###}s faucet {Client.Tao.Format(options.FaucetRao)} TAO");
        NeuronHost? neurons = null;
        if (neuronOptions is not null)
        {
            try
            {
                neurons = await NeuronHost.StartAsync(node, options, neuronOptions, output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is UsageException or ArgumentException or KeyfileCorruptedException or AskTimeoutException or OperationCanceledException)
            {
                error.WriteLine(ex is AskTimeoutException ? $"The ledger did not answer: {ex.Message}" : ex.Message);
                await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
                return ex is OperationCanceledException ? ExitCodes.Ok : ExitCodes.BadArguments;
            }
        }

        output.WriteLine("Ctrl-C or SIGTERM to stop.");

        try
        {
            await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken), node.System.WhenTerminated).ConfigureAwait(false);
        }
        finally
        {
            // Leaves the cluster first (the singleton hands over), then stops the system; idempotent when the
            // system already shut itself down (downed by the split-brain resolver).
            await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
            await node.System.WhenTerminated.ConfigureAwait(false);
            neurons?.Dispose();
        }

        output.WriteLine("node stopped");
        return ExitCodes.Ok;
    }
}
