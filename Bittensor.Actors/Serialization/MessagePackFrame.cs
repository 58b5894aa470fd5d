using System.Buffers;
using System.Runtime.Serialization;
using MessagePack;

namespace Bittensor.Serialization;

/// <summary>Reads one value from a MessagePack frame.</summary>
internal delegate T FrameReader<out T>(ref MessagePackReader reader);

/// <summary>
/// Writes one value into a MessagePack frame. With <paramref name="bulk"/> false it writes every bin header but
/// not the bytes of the bulk fields (tensor data): <see cref="MessagePackFrame.Encode{T}"/> sizes the frame that way.
/// </summary>
internal delegate void FrameWriter<in T>(ref MessagePackWriter writer, T value, bool bulk);

/// <summary>
/// The decoding rules the project's MessagePack serializers (ledger events, ledger snapshots, protocol messages)
/// share: a frame is read whole, bytes after the value are corruption, records carry their field count, strings
/// are never nil, and any failure surfaces as <see cref="SerializationException"/>, the one exception a serializer
/// may throw (and the one Akka.Remote survives).
/// </summary>
internal static class MessagePackFrame
{
    /// <summary>
    /// Encodes <paramref name="value"/> into an array of exactly its size, copying each bulk field once, straight
    /// into that array. <paramref name="bulkBytes"/> is the total length of the bulk fields <paramref name="write"/>
    /// leaves out when asked to.
    /// </summary>
    /// <remarks>
    /// Akka wants a <c>byte[]</c> of the exact length, so a growable buffer costs a second copy of every tensor
    /// (and a second large-object allocation) when it is trimmed. Instead the frame is written twice: once without
    /// the bulk bytes into a writer that only counts, a few hundred bytes of headers, then for real into an
    /// uninitialized array of the counted size plus <paramref name="bulkBytes"/>. The bytes are the same as
    /// writing it once, and a writer that does not fill the array exactly fails rather than ship garbage.
    /// </remarks>
    public static byte[] Encode<T>(T value, long bulkBytes, FrameWriter<T> write)
    {
        var counter = new CountingWriter();
        var sizing = new MessagePackWriter(counter);
        write(ref sizing, value, bulk: false);
        sizing.Flush();

        var size = counter.Count + bulkBytes;
        if (size > Array.MaxLength)
            throw new SerializationException($"A frame of {size} bytes is larger than an array can hold.");
        var bytes = GC.AllocateUninitializedArray<byte>((int)size);
        var output = new ExactWriter(bytes);
        var writer = new MessagePackWriter(output);
        write(ref writer, value, bulk: true);
        writer.Flush();
        if (output.Written != bytes.Length)
            throw new InvalidOperationException($"The frame was sized at {bytes.Length} bytes but {output.Written} were written.");
        return bytes;
    }

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

/// <summary>Counts what is written into it and keeps none of it: the sizing pass of <see cref="MessagePackFrame.Encode{T}"/>.</summary>
file sealed class CountingWriter : IBufferWriter<byte>
{
    private byte[] _scratch = new byte[256];

    public long Count { get; private set; }

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint).Span;

    private Memory<byte> Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length) _scratch = new byte[sizeHint];
        return _scratch;
    }
}

/// <summary>
/// Writes into an array sized in advance. Writing past its end is a sizing bug, so it throws; asking for more room
/// than is left is not: MessagePack asks for the most a string could take (3 bytes a char, plus its header) before
/// encoding it, which near the end of a frame is more than the array has. Such a request gets a scratch buffer,
/// and what is really written there is copied in when advanced.
/// </summary>
file sealed class ExactWriter(byte[] buffer) : IBufferWriter<byte>
{
    private byte[]? _overflow;

    public int Written { get; private set; }

    public void Advance(int count)
    {
        if (count < 0 || count > buffer.Length - Written)
            throw new InvalidOperationException($"Advancing {count} bytes past {Written} of {buffer.Length}.");
        _overflow?.AsSpan(0, count).CopyTo(buffer.AsSpan(Written));
        _overflow = null;
        Written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).Span;

    private Memory<byte> Room(int sizeHint)
    {
        if (sizeHint <= buffer.Length - Written)
        {
            _overflow = null;
            return buffer.AsMemory(Written);
        }
        _overflow = new byte[sizeHint];
        return _overflow;
    }
}
