using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Bittensor.Sim.Bench;

/// <summary>
/// The floor under <c>bench transport</c>: a plain TCP echo on loopback with no actors, no serializer and no
/// authentication, so the remoting figures can be read as a fraction of what the socket itself moves. Frames are a
/// 4-byte little-endian length and that many bytes; the server sends each frame back as it read it. Like
/// Akka.Remote between two nodes, everything goes over one connection, with the same socket buffers as
/// hocon/remote.conf (4 MiB) and Nagle off (Akka's <c>tcp-nodelay</c>).
/// </summary>
public sealed class TcpEchoBaseline : IAsyncDisposable
{
    private const int SocketBufferBytes = 4 * 1024 * 1024;
    private const int PrefixBytes = sizeof(int);

    private readonly TcpListener listener;
    private readonly Task serving;
    private readonly CancellationTokenSource stopping = new();

    private TcpEchoBaseline(TcpListener listener)
    {
        this.listener = listener;
        serving = ServeAsync(stopping.Token);
    }

    /// <summary>Starts an echo server on 127.0.0.1 at a port the system picks.</summary>
    public static TcpEchoBaseline Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new TcpEchoBaseline(listener);
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary>
    /// Echoes frames of <paramref name="size"/> bytes over one fresh connection, keeping <paramref name="inFlight"/>
    /// of them sent and unanswered, for <paramref name="warmup"/> and then for <paramref name="measure"/>: megabytes
    /// (10^6 bytes) of payload moved per second, request and response counted, length prefixes not. Frames in
    /// flight when the window closes are still awaited and counted, and the clock runs until the last one is back.
    /// </summary>
    public async Task<double> MegabytesPerSecondAsync(int size, int inFlight, TimeSpan measure, TimeSpan warmup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        using var client = new TcpClient(AddressFamily.InterNetwork)
        {
            NoDelay = true,
            SendBufferSize = SocketBufferBytes,
            ReceiveBufferSize = SocketBufferBytes,
        };
        await client.ConnectAsync(EndPoint).ConfigureAwait(false);
        var stream = client.GetStream();
        var frame = new byte[PrefixBytes + size];
        BinaryPrimitives.WriteInt32LittleEndian(frame, size);
        Random.Shared.NextBytes(frame.AsSpan(PrefixBytes));

        await EchoForAsync(stream, frame, inFlight, warmup).ConfigureAwait(false);
        var (echoed, elapsed) = await EchoForAsync(stream, frame, inFlight, measure).ConfigureAwait(false);
        return echoed * 2.0 * size / elapsed.TotalSeconds / 1e6;
    }

    // Only the reader decides what is sent: each echo read before the deadline asks for one more frame, so exactly
    // inFlight frames are out until the window closes, as with the benchmark's dendrites. The writes go through a
    // channel to a writer of their own, never inline, so a reader blocked writing a large frame cannot stop the
    // echoes it must drain from coming back (the server would stall writing them, and both ends would wait).
    private static async Task<(long Echoed, TimeSpan Elapsed)> EchoForAsync(NetworkStream stream, byte[] frame, int inFlight, TimeSpan duration)
    {
        var size = frame.Length - PrefixBytes;
        var sends = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var writer = Task.Run(async () =>
        {
            await foreach (var _ in sends.Reader.ReadAllAsync().ConfigureAwait(false))
                await stream.WriteAsync(frame).ConfigureAwait(false);
        });

        var outstanding = 0;
        for (; outstanding < inFlight; outstanding++) sends.Writer.TryWrite(true);
        var reply = new byte[frame.Length];
        long echoed = 0;
        try
        {
            while (outstanding > 0)
            {
                await stream.ReadExactlyAsync(reply).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32LittleEndian(reply);
                if (length != size) throw new InvalidOperationException($"The TCP echo returned a frame of {length} bytes, not {size}.");
                echoed++;
                outstanding--;
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    sends.Writer.TryWrite(true);
                    outstanding++;
                }
            }
        }
        finally
        {
            sends.Writer.TryComplete();
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        await writer.ConfigureAwait(false);
        return (echoed, elapsed);
    }

    private async Task ServeAsync(CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var connection = await listener.AcceptTcpClientAsync(token).ConfigureAwait(false);
                _ = EchoAsync(connection, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
            // The listener was stopped while accepting.
        }
    }

    private static async Task EchoAsync(TcpClient connection, CancellationToken token)
    {
        using (connection)
        {
            connection.NoDelay = true;
            connection.SendBufferSize = SocketBufferBytes;
            connection.ReceiveBufferSize = SocketBufferBytes;
            var stream = connection.GetStream();
            var prefix = new byte[PrefixBytes];
            var buffer = Array.Empty<byte>();
            try
            {
                while (true)
                {
                    await stream.ReadExactlyAsync(prefix, token).ConfigureAwait(false);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
                    if (length < 0 || length > 1 << 30) return;
                    if (buffer.Length < length) buffer = new byte[length];
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
                    await stream.WriteAsync(prefix, token).ConfigureAwait(false);
                    await stream.WriteAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client closed its connection (or the server is stopping): this echo is done.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        await serving.ConfigureAwait(false);
        stopping.Dispose();
    }
}
