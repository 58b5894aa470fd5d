using Bittensor.Identity;
using Bittensor.Models;

namespace Bittensor.Neurons;

/// <summary>
/// A miner is an axon serving an <see cref="IMinerModel"/>: this builds the axon's settings from the model, the
/// same for a TorchSharp network and for the economic simulation's parametric stand-in.
/// </summary>
public static class Miner
{
    /// <summary>
    /// The settings of an axon serving <paramref name="model"/> as <paramref name="hotkey"/>: token inputs
    /// <c>[batch, seq]</c> (int64), forward to the model, backward to it when it learns from gradients.
    /// </summary>
    public static AxonSettings Axon(Keypair hotkey, IMinerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AxonSettings(hotkey, (caller, inputs, _, token) => Task.FromResult(model.Forward(caller, inputs, token)))
        {
            Inputs = AxonInputRule.TextTokens,
            RunsInline = model.RunsInline,
            Backward = model.AcceptsGradients
                ? (caller, inputs, gradients, _, token) =>
                {
                    model.Backward(caller, inputs, gradients, token);
                    return Task.CompletedTask;
                }
                : null,
        };
    }
}
