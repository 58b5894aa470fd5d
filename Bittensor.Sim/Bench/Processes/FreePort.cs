using System.Net;
using System.Net.Sockets;

namespace Bittensor.Sim.Bench.Processes;

/// <summary>A TCP port on loopback that nothing listens on right now (the system's pick for port 0).</summary>
internal static class FreePort
{
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
}
