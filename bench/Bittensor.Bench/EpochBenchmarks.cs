using BenchmarkDotNet.Attributes;
using Bittensor.Consensus;
using Bittensor.Sim.Bench;

namespace Bittensor.Bench;

/// <summary>
/// One epoch of a subnet where 64 validators set full weight rows, with bonds from a few earlier epochs: the same
/// workload as <c>bench epoch</c>, measured by BenchmarkDotNet (allocations included).
/// </summary>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private EpochState _state = null!;
    private Hyperparameters _hyperparameters = null!;

    [Params(256, 1024, 4096)]
    public int Uids { get; set; }

    [Params("yuma", "yuma3-liquid-alpha")]
    public string Variant { get; set; } = "yuma";

    [GlobalSetup]
    public void Setup()
    {
        _hyperparameters = EpochBenchmark.Variants.Single(v => v.Name == Variant).Hyperparameters;
        _state = EpochBenchmark.SteadyState(_hyperparameters, SyntheticSubnet.FullRows(Uids, validators: 64, seed: 42));
    }

    [Benchmark]
    public EpochTerms Epoch() => Consensus.Epoch.Run(_hyperparameters, _state);
}
