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

    public static int Next() => Next(IPAddress.Loopback);

    /// <summary>A port free on this loopback address (and on 127.0.0.1): name servers of one test zone share a port on 127.0.0.2, 127.0.0.3, ….</summary>
    public static int Next(string address) => Next(IPAddress.Parse(address));

    private static int Next(IPAddress address)
    {
        for (var i = 0; i < Count; i++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(IPAddress.Loopback, port) && (address.Equals(IPAddress.Loopback) || IsFree(address, port))) return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            var tcp = new TcpListener(address, port);
            tcp.Start();
            tcp.Stop();
            using var udp = new UdpClient(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
