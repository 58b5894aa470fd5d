using System.Net;
using System.Net.Sockets;

namespace Bittensor.Runtime.Tests.Faults;

/// <summary>Free TCP ports on loopback for the nodes a test starts.</summary>
internal static class FreePorts
{
    /// <summary>The first of <paramref name="count"/> consecutive free ports (a local cluster's node k listens on base + k).</summary>
    public static int Range(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = One();
            if (first + count <= 65535 && Enumerable.Range(first, count).All(IsFree)) return first;
        }

        throw new InvalidOperationException($"No {count} consecutive free ports on loopback.");
    }

    /// <summary>A port the system picked as free just now.</summary>
    public static int One()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
