using Bittensor.Sim.Output;

namespace Bittensor.Sim.Tests.Output;

/// <summary>
/// A small run whose metrics are worked out by hand in the specs: two validators (honest with 1000 TAO, copier with
/// 500 TAO) and four miners (qualities 0.9, 0.5, 0.1 and 0.5, so ranks tie), over two epochs of 360 blocks.
/// </summary>
internal static class OutputSamples
{
    public const ulong Tao = 1_000_000_000;

    public static SimulationRun Run(double wallSeconds = 2.0) => new(
        new Dictionary<string, string> { ["peers"] = "6", ["epochs"] = "2", ["tempo"] = "360", ["scenario"] = "copier" },
        new Dictionary<string, string> { ["tempo"] = "360", ["kappa"] = "32767" },
        7,
        Peers,
        Rows,
        720,
        wallSeconds);

    public static readonly PeerInfo[] Peers =
    [
        new(0, "hk-v0", "ck-v0", PeerRole.Validator, "honest", double.NaN, 1000 * Tao),
        new(1, "hk-v1", "ck-v1", PeerRole.Validator, "copier", double.NaN, 500 * Tao),
        new(2, "hk-m2", "ck-m2", PeerRole.Miner, "honest", 0.9, 0),
        new(3, "hk-m3", "ck-m3", PeerRole.Miner, "honest", 0.5, 0),
        new(4, "hk-m4", "ck-m4", PeerRole.Miner, "lazy", 0.1, 0),
        new(5, "hk-m5", "ck-m5", PeerRole.Miner, "honest", 0.5, 0),
    ];

    // Emission (TAO): epoch 0 honest 2 + 1 + 1 + 0, copier 1, lazy 1; epoch 1 honest 3 + 2 + 1 + 1, copier 1, lazy 0.
    public static readonly MetagraphRow[] Rows =
    [
        new(0, 360, 1, 0, "hk-v0", PeerRole.Validator, "honest", double.NaN, 1000 * Tao, 0, 0, 40000, 2 * Tao, 40000, true, true),
        new(0, 360, 1, 1, "hk-v1", PeerRole.Validator, "copier", double.NaN, 500 * Tao, 0, 0, 25535, 1 * Tao, 30000, true, true),
        new(0, 360, 1, 2, "hk-m2", PeerRole.Miner, "honest", 0.9, 0, 20000, 20000, 0, 1 * Tao, 0, false, true),
        new(0, 360, 1, 3, "hk-m3", PeerRole.Miner, "honest", 0.5, 0, 20000, 20000, 0, 1 * Tao, 0, false, true),
        new(0, 360, 1, 4, "hk-m4", PeerRole.Miner, "lazy", 0.1, 0, 20000, 20000, 0, 1 * Tao, 0, false, true),
        new(0, 360, 1, 5, "hk-m5", PeerRole.Miner, "honest", 0.5, 0, 5535, 5535, 0, 0, 0, false, true),
        new(1, 720, 1, 0, "hk-v0", PeerRole.Validator, "honest", double.NaN, 1000 * Tao + 123_456_789, 0, 0, 40000, 3 * Tao, 49151, true, true),
        new(1, 720, 1, 1, "hk-v1", PeerRole.Validator, "copier", double.NaN, 500 * Tao, 0, 0, 25535, 1 * Tao, 16384, false, true),
        new(1, 720, 1, 2, "hk-m2", PeerRole.Miner, "honest", 0.9, 0, 32768, 30000, 0, 2 * Tao, 0, false, true),
        new(1, 720, 1, 3, "hk-m3", PeerRole.Miner, "honest", 0.5, 0, 20000, 20000, 0, 1 * Tao, 0, false, true),
        new(1, 720, 1, 4, "hk-m4", PeerRole.Miner, "lazy", 0.1, 0, 0, 0, 0, 0, 0, false, false),
        new(1, 720, 1, 5, "hk-m5", PeerRole.Miner, "honest", 0.5, 0, 15535, 15535, 0, 1 * Tao, 0, false, true),
    ];
}
