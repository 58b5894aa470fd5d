using System.CommandLine;
using Bittensor.Sim.Commands;

var root = new RootCommand("Bittensor.NET simulation: Yuma Consensus epochs, benchmarks and (soon) 100-peer simulations.")
{
    EpochCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
