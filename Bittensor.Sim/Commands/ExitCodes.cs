namespace Bittensor.Sim.Commands;

/// <summary>Exit codes of the simulation CLI.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input file could not be read (or an output written): nothing was computed.</summary>
    public const int InputUnreadable = 1;
}
