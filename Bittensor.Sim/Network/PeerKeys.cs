using System.Security.Cryptography;
using System.Text;
using Bittensor.Identity;

namespace Bittensor.Sim.Network;

/// <summary>
/// A simulated peer's keys, derived from the run's seed, so hotkeys (the metagraph's keys) are the same on every run
/// with that seed: a fresh random key per run would make byte-identical outputs impossible.
/// </summary>
public static class PeerKeys
{
    /// <summary>The hotkey of <paramref name="role"/> number <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static Keypair Hotkey(int seed, string role, int index) => Keypair.FromSeed(Derive(seed, $"hotkey/{role}/{index}"));

    /// <summary>A coldkey address named <paramref name="name"/> under <paramref name="seed"/> (the ledger needs only its address).</summary>
    public static string Coldkey(int seed, string name)
    {
        using var key = Keypair.FromSeed(Derive(seed, $"coldkey/{name}"));
        return key.Address.ToString();
    }

    private static byte[] Derive(int seed, string label) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"bittensor-sim/{seed}/{label}"));
}
