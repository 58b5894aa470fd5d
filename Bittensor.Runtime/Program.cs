using System.CommandLine;
using Bittensor.Runtime;
using Bittensor.Runtime.Commands;

var root = new RootCommand("Bittensor.NET node runtime.");
root.Subcommands.Add(DeviceCommand.Create());
root.Subcommands.Add(WalletCommand.Create());

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

return parseResult.Invoke();
