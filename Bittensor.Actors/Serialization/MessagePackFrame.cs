using System.Runtime.Serialization;
using MessagePack;

namespace Bittensor.Serialization;

/// <summary>Reads one value from a MessagePack frame.</summary>
internal delegate T FrameReader<out T>(ref MessagePackReader reader);

/// <summary>
/// The decoding rules the project's MessagePack serializers (ledger events, ledger snapshots, protocol messages)
/// share: a frame is read whole, bytes after the value are corruption, records carry their field count, strings
/// are never nil, and any failure surfaces as <see cref="SerializationException"/>, the one exception a serializer
/// may throw (and the one Akka.Remote survives).
/// </summary>
internal static class MessagePackFrame
{
    public static T Decode<T>(byte[] bytes, string manifest, FrameReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var reader = new MessagePackReader(bytes);
            var value = read(ref reader);
            if (!reader.End)
                throw new SerializationException($"Corrupt '{manifest}' payload: {bytes.Length - reader.Consumed} bytes after the value.");
            return value;
        }
        catch (SerializationException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // MessagePack reports malformed input with several exception types (MessagePackSerializationException,
            // EndOfStreamException, OverflowException, …) and validating factories with ArgumentException.
            throw new SerializationException($"Corrupt '{manifest}' payload ({bytes.Length} bytes): {e.Message}", e);
        }
    }

    /// <summary>Reads the array header of a record and checks its field count.</summary>
    public static void ReadHeader(ref MessagePackReader reader, int fields, string what)
    {
        var count = reader.ReadArrayHeader();
        if (count != fields)
            throw new SerializationException($"Corrupt payload: a {what} of {count} fields where {fields} were expected.");
    }

    /// <summary>Reads a string that must be present.</summary>
    public static string ReadString(ref MessagePackReader reader, string what) =>
        reader.ReadString() ?? throw new SerializationException($"Corrupt payload: a string field of a {what} is nil.");
}
