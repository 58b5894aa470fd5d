using System.CommandLine;
using Bittensor.Runtime;
using Bittensor.Runtime.Commands;
using Bittensor.Runtime.Commands.Client;

var root = new RootCommand("Bittensor.NET node runtime.");
root.Subcommands.Add(DeviceCommand.Create());
root.Subcommands.Add(WalletCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(MetagraphCommand.Create());
root.Subcommands.Add(RegisterCommand.Create());
root.Subcommands.Add(StakeCommand.Create());
root.Subcommands.Add(TransferCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
root.Subcommands.Add(SubnetCommand.Create());

var parseResult = root.Parse(args);

// System.CommandLine would print these and exit with 1, the same code as a crash; bad arguments get their own.
if (parseResult.Errors.Count > 0)
{
    foreach (var parseError in parseResult.Errors)
    {
        Console.Error.WriteLine(parseError.Message);
    }

    Console.Error.WriteLine("Run with --help for usage.");
    return ExitCodes.BadArguments;
}

// A node's CoordinatedShutdown (leave the cluster, hand the singleton over) takes a few seconds after Ctrl-C or
// SIGTERM; System.CommandLine's default wait of 2 s would cut it short.
return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
