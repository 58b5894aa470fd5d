using System.Text;
using Akka.Configuration;

namespace Bittensor.Protocol;

/// <summary>
/// The Akka configuration of the protocol: hocon/protocol-serialization.conf (the serializer binding of every
/// <see cref="IProtocolMessage"/>) and hocon/remote.conf (Akka.Remote frame and socket buffer sizes for tensor
/// messages), both embedded in this assembly.
/// </summary>
public static class ProtocolConfig
{
    /// <summary>The serializer and its binding to <see cref="IProtocolMessage"/> (hocon/protocol-serialization.conf).</summary>
    public static Config Serialization() => ConfigurationFactory.ParseString(Hocon("protocol-serialization.conf"));

    /// <summary>
    /// The Akka.Remote transport limits (hocon/remote.conf) on top of <see cref="Serialization"/>: what a node that
    /// exchanges protocol messages with other nodes loads. The host adds the provider, hostname and port.
    /// </summary>
    public static Config Remote() =>
        ConfigurationFactory.ParseString(Hocon("remote.conf")).WithFallback(Serialization());

    /// <summary>A protocol HOCON file of hocon/ as shipped, by file name (for example <c>remote.conf</c>).</summary>
    public static string Hocon(string fileName)
    {
        var resource = "Bittensor.hocon." + fileName;
        using var stream = typeof(ProtocolConfig).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException(
                $"The embedded resource {resource} is missing from {typeof(ProtocolConfig).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
