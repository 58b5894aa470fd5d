using TorchSharp;
using static TorchSharp.torch;

namespace Bittensor.Models;

/// <summary>
/// Turns the user-facing device choice (<c>auto</c>, <c>cpu</c>, <c>cuda</c>) into a TorchSharp device, so hosts
/// and miners share one rule and one error message.
/// </summary>
public static class TorchDevice
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>The accepted names, for CLI validation and help text.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, Cpu, Cuda];

    /// <summary>Resolves <paramref name="name"/> against the CUDA availability of this process.</summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was requested but is not available.</exception>
    public static Device Resolve(string name) => Resolve(name, cuda.is_available());

    /// <summary>
    /// Resolves <paramref name="name"/> given whether CUDA is available. Split out so the rule can be tested on
    /// machines with and without a GPU alike.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was requested but is not available.</exception>
    public static Device Resolve(string name, bool cudaAvailable)
    {
        ArgumentNullException.ThrowIfNull(name);

        // The messages below reach users verbatim (the runtime CLI prints them), so they carry no paramName and
        // thus no "(Parameter 'name')" suffix.

        switch (name.Trim().ToLowerInvariant())
        {
            case Auto:
                return cudaAvailable ? CudaDevice() : CPU;
            case Cpu:
                return CPU;
            case Cuda when cudaAvailable:
                return CudaDevice();
            case Cuda:
                // Fail loudly instead of falling back: a run that silently trains on the CPU looks like a slow GPU.
                throw new ArgumentException(
                    "Device 'cuda' was requested but CUDA is not available: no usable NVIDIA GPU/driver was found, or "
                    + "this build uses the CPU libtorch (build with -p:TorchBackend=cuda). Use 'cpu' or 'auto'.");
            default:
                throw new ArgumentException(
                    $"Unknown device '{name}'. Expected one of: {string.Join(", ", Names)}.");
        }
    }

    // A plain descriptor rather than torch.CUDA: that property initialises the CUDA backend on the spot, which
    // belongs to the first tensor placed on the device (TorchSharp does it there), not to name resolution.
    private static Device CudaDevice() => new(DeviceType.CUDA);
}
