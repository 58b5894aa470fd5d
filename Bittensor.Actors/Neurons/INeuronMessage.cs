namespace Bittensor.Neurons;

/// <summary>
/// Marker of the neurons' own messages that cross nodes (today: <see cref="ValidatorStepped"/>, which a simulation's
/// clock on another node waits for), bound in hocon/neuron-serialization.conf to
/// <see cref="Serialization.NeuronMessageSerializer"/> so none falls back to Akka's default serializer.
/// </summary>
public interface INeuronMessage;
