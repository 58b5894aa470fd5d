using System.CommandLine;
using System.Reflection;
using Bittensor.Models;
using static TorchSharp.torch;

namespace Bittensor.Runtime.Commands;

/// <summary>
/// <c>device [--device auto|cpu|cuda]</c>: reports which TorchSharp/libtorch this build loads, whether CUDA is
/// usable, which device a node would pick, and proves the choice by running one forward pass there. It is the
/// first thing to run on a new machine, before any miner is started.
/// </summary>
internal static class DeviceCommand
{
    // A batch large enough to exercise the matrix paths, small enough to finish in milliseconds.
    private const long Batch = 8;
    private const long InputSize = 16;
    private const long HiddenSize = 32;
    private const long OutputSize = 4;

    public static Command Create()
    {
        var deviceOption = new Option<string>("--device")
        {
            Description = "Where to run: auto (CUDA when available, else CPU), cpu, or cuda.",
            HelpName = string.Join('|', TorchDevice.Names),
            DefaultValueFactory = _ => TorchDevice.Auto,
        };
        deviceOption.AcceptOnlyFromAmong([.. TorchDevice.Names]);

        var command = new Command("device", "Show the TorchSharp build and CUDA availability, resolve a device and run one forward pass on it.");
        command.Options.Add(deviceOption);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(deviceOption) ?? TorchDevice.Auto,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string deviceName, TextWriter output, TextWriter error)
    {
        // The first torch call loads the native libraries; a failure here is a broken install, not bad input,
        // so it is left to surface as an unhandled exception with its full load trace.
        var cudaAvailable = cuda.is_available();
        output.WriteLine($"TorchSharp {TorchSharpVersion()} (libtorch {__version__})");
        output.WriteLine($"CUDA available: {(cudaAvailable ? "yes" : "no")}");

        Device device;
        try
        {
            device = TorchDevice.Resolve(deviceName, cudaAvailable);
        }
        catch (ArgumentException ex)
        {
            // Asking for a device this machine does not have is a usage error, reported like one.
            error.WriteLine(ex.Message);
            return ExitCodes.BadArguments;
        }

        output.WriteLine($"Device: {device}");

        using var scope = NewDisposeScope();
        using var model = new FeedForwardModel(InputSize, HiddenSize, OutputSize, device);
        using (no_grad())
        {
            var input = randn(Batch, InputSize, device: device);
            var result = model.forward(input);
            output.WriteLine($"Forward pass: [{string.Join(", ", input.shape)}] -> [{string.Join(", ", result.shape)}] on {result.device}");
        }

        return ExitCodes.Ok;
    }

    // The managed package version (e.g. 0.107.0); torch.__version__ only reports the native libtorch.
    private static string TorchSharpVersion()
    {
        var assembly = typeof(TorchSharp.torch).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
