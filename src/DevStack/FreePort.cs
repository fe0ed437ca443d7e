using System.Net;
using System.Net.Sockets;

namespace SslFlow.DevStack;

/// <summary>Free loopback ports, so parallel test runs and a developer's own services never collide.</summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range (32768–60999 on Linux): a port handed out here and bound a moment
/// later by a child process cannot meanwhile be taken by another process's port-0 listener or outgoing connection, which
/// is what made "address already in use" possible when several test assemblies run at once. Each process starts at its own
/// random offset and walks on; a port is handed out only when both TCP and UDP (the DNS server) can bind it now.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var i = 0; i < Count; i++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            tcp.Stop();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
