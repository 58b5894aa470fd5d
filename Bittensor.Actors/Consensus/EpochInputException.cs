namespace Bittensor.Consensus;

/// <summary>A malformed epoch state: the message says which field is wrong and why.</summary>
public sealed class EpochInputException(string field, string message) : ArgumentException(message, field)
{
    public string Field { get; } = field;
}
