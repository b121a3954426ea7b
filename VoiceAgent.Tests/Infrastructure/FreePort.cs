using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Tests.Infrastructure;

/// <summary>
/// A loopback TCP port nobody listens on right now, for servers that cannot bind port 0 and report it (redis-server)
/// or tests that need a port where nothing answers. Another process may take it before it is used.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
