using Bittensor.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Bittensor.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class TorchDeviceSpecs
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData(" cpu ")]
    public void Resolve_should_return_cpu_when_cpu_is_requested(string name)
    {
        Assert.Equal(DeviceType.CPU, TorchDevice.Resolve(name).type);
    }

    [Fact]
    public void Resolve_should_return_cpu_when_auto_is_requested_on_a_cpu_only_machine()
    {
        Assert.Equal(DeviceType.CPU, TorchDevice.Resolve("auto", cudaAvailable: false).type);
    }

    [Fact]
    public void Resolve_should_return_cuda_when_auto_is_requested_and_cuda_is_available()
    {
        Assert.Equal(DeviceType.CUDA, TorchDevice.Resolve("auto", cudaAvailable: true).type);
    }

    [Fact]
    public void Resolve_should_follow_this_process_when_auto_is_requested()
    {
        var expected = cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;

        Assert.Equal(expected, TorchDevice.Resolve("auto").type);
    }

    [Fact]
    public void Resolve_should_reject_cuda_when_cuda_is_unavailable()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevice.Resolve("cuda", cudaAvailable: false));

        Assert.Contains("CUDA is not available", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:0")]
    public void Resolve_should_reject_the_name_when_it_is_unknown(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevice.Resolve(name, cudaAvailable: false));

        Assert.Contains("Unknown device", error.Message, StringComparison.Ordinal);
    }
}
