using Bittensor.Consensus;

namespace Bittensor.Sim.Bench;

/// <summary>Seeded synthetic subnets for benchmarks: the largest-stake uids validate, every validator weights every uid.</summary>
public static class SyntheticSubnet
{
    public static EpochState FullRows(int uids, int validators, int seed)
    {
        var random = new Random(seed);
        var stake = new ulong[uids];
        for (var i = 0; i < uids; i++) stake[i] = i < validators ? (ulong)random.NextInt64(1_000_000_000_000, 100_000_000_000_000) : (ulong)random.NextInt64(0, 1_000_000_000);

        // Each validator sees every uid's quality through its own noise, then quantises as set_weights does.
        var quality = new double[uids];
        for (var j = 0; j < uids; j++) quality[j] = random.NextDouble();
        var weights = new SparseRows<ushort>.Builder(uids, validators * uids);
        for (var i = 0; i < uids; i++)
        {
            if (i < validators)
            {
                var row = new ushort[uids];
                for (var j = 0; j < uids; j++) row[j] = (ushort)Math.Clamp((quality[j] + 0.1 * random.NextDouble()) * 60000, 0, 65535);
                var stored = EpochMath.VecU16MaxUpscaleToU16(row);
                for (var j = 0; j < uids; j++) weights.Add(j, stored[j]);
            }
            weights.EndRow();
        }

        return new EpochState
        {
            N = uids,
            CurrentBlock = 10_000,
            Stake = stake,
            Weights = weights.Build(),
            Bonds = SparseRows<ushort>.Empty(uids),
            LastUpdate = Enumerable.Repeat(9_990UL, uids).ToArray(),
            BlockAtRegistration = Enumerable.Repeat(1UL, uids).ToArray(),
            ValidatorPermit = Enumerable.Range(0, uids).Select(i => i < validators).ToArray(),
        };
    }
}
