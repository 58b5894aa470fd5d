using System.CommandLine;
using Bittensor.Sim.Commands;

var root = new RootCommand("Bittensor.NET simulation: Yuma Consensus epochs, benchmarks and 100-peer simulations.")
{
    RunCommand.Create(),
    SweepCommand.Create(),
    EpochCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
