namespace Bittensor.Sim.Commands;

/// <summary>Exit codes of the simulation CLI.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input file could not be read (or an output written): nothing was computed.</summary>
    public const int InputUnreadable = 1;

    /// <summary>The command line is wrong (an unknown name, a value out of range): the problem is named and nothing ran.</summary>
    public const int InvalidArguments = 2;
}
