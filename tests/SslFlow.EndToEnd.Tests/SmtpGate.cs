using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// A TCP gate in front of maildev's SMTP port. Closed: it accepts and drops each connection (an SMTP server that is
/// down mid-handshake). Open: it relays to maildev. Every connection is reported, so a test awaits attempts instead of sleeping.
/// </summary>
public sealed class SmtpGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<int> _attempts = Channel.CreateUnbounded<int>();
    private int _count;

    public SmtpGate(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public volatile bool Open;

    public int Attempts => Volatile.Read(ref _count);

    /// <summary>Completes when the next connection attempt arrives.</summary>
    public async Task<int> NextAttemptAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _attempts.Reader.ReadAsync(cts.Token);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var n = Interlocked.Increment(ref _count);
            if (!Open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // reset, as a crashed server would
                client.Dispose();
                _attempts.Writer.TryWrite(n);
                continue;
            }
            _attempts.Writer.TryWrite(n);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
