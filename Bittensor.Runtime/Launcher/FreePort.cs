using System.Net;
using System.Net.Sockets;

namespace Bittensor.Runtime.Launcher;

/// <summary>TCP ports on loopback that nothing listens on right now, for the nodes a test or a bench starts.</summary>
internal static class FreePort
{
    /// <summary>A port the system picked as free just now (its pick for port 0).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive free ports (a local cluster's node k listens on base + k).</summary>
    /// <exception cref="InvalidOperationException">No such range found in 50 tries.</exception>
    public static int Range(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Next();
            if (first + count <= 65535 && Enumerable.Range(first, count).All(IsFree)) return first;
        }

        throw new InvalidOperationException($"No {count} consecutive free ports on loopback.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
