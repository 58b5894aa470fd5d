using Akka.Configuration;
using Bittensor.Protocol;

namespace Bittensor.Neurons.Serialization;

/// <summary>The Akka configuration of the neurons' messages (hocon/neuron-serialization.conf, embedded in this assembly).</summary>
public static class NeuronConfig
{
    /// <summary>The serializer binding of every <see cref="INeuronMessage"/>.</summary>
    public static Config Serialization() => ConfigurationFactory.ParseString(ProtocolConfig.Hocon("neuron-serialization.conf"));
}
