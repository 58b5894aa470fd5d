using Bittensor.Models;

namespace Bittensor.Sim.Scenarios;

/// <summary>The model of a miner of a given quality at each fidelity: the one rule every scenario shares.</summary>
public static class MinerModels
{
    /// <summary>Adam steps a neural miner of quality 1 trains for before it serves.</summary>
    public const int NeuralTrainingSteps = 300;

    /// <summary>
    /// Economic: the teacher plus noise of <c>(1 − quality)</c>. Neural: a TorchSharp student trained for
    /// <c>quality × </c><see cref="NeuralTrainingSteps"/> steps, so quality orders miners by how much they learned.
    /// </summary>
    public static IMinerModel ForQuality(MinerContext context, double quality)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Fidelity == Fidelity.Economic)
        {
            return new ParametricMinerModel(context.Task, quality, context.Seed);
        }

        var model = new TorchMinerModel(context.Task, width: 32, context.Device, context.Seed);
        model.Train((int)Math.Round(quality * NeuralTrainingSteps), batchSize: 16, new Random(context.Seed));
        return model;
    }
}
