namespace Bittensor.Sim.Output;

/// <summary>
/// Everything a finished simulation hands to its writers: what was asked, who took part, the metagraph of every
/// epoch, and how long it took. Everything but <see cref="WallSeconds"/> is a function of the arguments and seed.
/// </summary>
/// <param name="Arguments">The run's arguments as given (name → value), for summary.json.</param>
/// <param name="Hyperparameters">The subnet's hyperparameters in effect (snake_case name → value).</param>
/// <param name="Seed">The seed.</param>
/// <param name="Peers">Every peer, validators first.</param>
/// <param name="Rows">The metagraph of every epoch, by epoch then uid.</param>
/// <param name="Blocks">Blocks simulated.</param>
/// <param name="WallSeconds">Wall time from start-up to the last block.</param>
public sealed record SimulationRun(
    IReadOnlyDictionary<string, string> Arguments, IReadOnlyDictionary<string, string> Hyperparameters, int Seed,
    IReadOnlyList<PeerInfo> Peers, IReadOnlyList<MetagraphRow> Rows, ulong Blocks, double WallSeconds)
{
    /// <summary>Blocks simulated per second of wall time.</summary>
    public double BlocksPerSecond => WallSeconds > 0 ? Blocks / WallSeconds : 0;
}
