using System.Security.Cryptography;
using System.Text;

namespace Bittensor.Models;

/// <summary>
/// A non-negative seed derived from a label (a run's seed with a peer's role and index, a task seed with a hotkey):
/// the same on every run and machine, where <see cref="HashCode.Combine{T1, T2}"/> is randomized per process, and
/// unrelated between labels.
/// </summary>
public static class StableSeed
{
    public static int Of(string label) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(label))) & int.MaxValue;
}
