using System.Net;
using System.Net.Sockets;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Finds free TCP ports on the loopback interface: bind port 0, read the port, release it. Ports handed out
/// are not handed out again by this process, so applications running side by side (tests) do not collide.
/// </summary>
internal static class PortAllocator
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    public static int GetFreePort()
    {
        while (true)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
