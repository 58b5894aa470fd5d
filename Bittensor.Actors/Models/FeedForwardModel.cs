using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Bittensor.Models;

/// <summary>
/// A two-layer perceptron (Linear → ReLU → Linear): the smallest real model a miner can serve and train, small
/// enough that tests and simulations with many peers stay fast on a CPU.
/// </summary>
public sealed class FeedForwardModel : nn.Module<Tensor, Tensor>
{
    // Explicit component names keep state_dict keys ("hidden.weight", …) stable and free of the field prefix,
    // so saved weights and weight messages do not depend on C# field naming. Registered submodules are also
    // disposed by the base class's Dispose, so no override is needed.
    [ComponentName(Name = "hidden")]
    private readonly Linear _hidden;

    [ComponentName(Name = "activation")]
    private readonly ReLU _activation;

    [ComponentName(Name = "output")]
    private readonly Linear _output;

    /// <param name="inputSize">Features per input row.</param>
    /// <param name="hiddenSize">Width of the hidden layer.</param>
    /// <param name="outputSize">Features per output row.</param>
    /// <param name="device">Where the parameters live; null means the CPU. Inputs must be on the same device.</param>
    public FeedForwardModel(long inputSize, long hiddenSize, long outputSize, Device? device = null)
        : base(nameof(FeedForwardModel))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;

        // Parameters are allocated on the target device directly, instead of on the CPU and then copied.
        _hidden = nn.Linear(inputSize, hiddenSize, hasBias: true, device: device);
        _activation = nn.ReLU();
        _output = nn.Linear(hiddenSize, outputSize, hasBias: true, device: device);

        RegisterComponents();
    }

    public long InputSize { get; }

    public long HiddenSize { get; }

    public long OutputSize { get; }

    /// <summary>Maps a [batch, InputSize] tensor to a [batch, OutputSize] tensor.</summary>
    public override Tensor forward(Tensor input)
    {
        // Intermediates are disposed at once rather than left to the finalizer: their native memory is invisible
        // to the GC. Autograd keeps its own references to whatever backward needs.
        using var hidden = _hidden.forward(input);
        using var activated = _activation.forward(hidden);
        return _output.forward(activated);
    }
}
