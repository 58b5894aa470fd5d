namespace Bittensor.Consensus;

/// <summary>A hyperparameter outside its domain; the message names the parameter, its value and the domain.</summary>
public sealed class HyperparameterException(string parameter, string message) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;
}
