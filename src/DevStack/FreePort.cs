using System.Net;
using System.Net.Sockets;

namespace SslFlow.DevStack;

/// <summary>Free loopback ports, so parallel test runs and a developer's own services never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
