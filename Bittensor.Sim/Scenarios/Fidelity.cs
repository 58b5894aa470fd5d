namespace Bittensor.Sim.Scenarios;

/// <summary>How real the miners and validators are.</summary>
public enum Fidelity
{
    /// <summary>Parametric miners (latent quality plus noise) behind real axons, pure-C# scoring: fast.</summary>
    Economic,

    /// <summary>TorchSharp miners trained on the task, validators with a learned gate over real tensor answers.</summary>
    Neural,
}
