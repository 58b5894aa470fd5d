using System.CommandLine;
using Bittensor.Sim.Commands;

var root = new RootCommand("Bittensor.NET simulation: Yuma Consensus epochs, benchmarks and 100-peer simulations.")
{
    RunCommand.Create(),
    SweepCommand.Create(),
    EpochCommand.Create(),
    BenchCommand.Create(),
    ScenariosCommand.Create(),
};
var parse = root.Parse(args);
// sweep promises exit code 2 for every bad argument, those System.CommandLine itself rejects (--seeds x) included.
if (parse.Errors.Count > 0 && parse.CommandResult.Command.Name == "sweep")
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"sweep: {error.Message}");
    return ExitCodes.InvalidArguments;
}
return await parse.InvokeAsync();
