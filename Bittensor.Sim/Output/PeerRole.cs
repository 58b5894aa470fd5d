namespace Bittensor.Sim.Output;

/// <summary>What a simulated peer does in the subnet.</summary>
public enum PeerRole
{
    /// <summary>Serves a model through an axon.</summary>
    Miner,

    /// <summary>Queries miners and sets weights.</summary>
    Validator,
}
