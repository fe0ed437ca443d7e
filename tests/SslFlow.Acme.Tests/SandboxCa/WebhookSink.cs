using System.Net;
using System.Threading.Channels;
using SslFlow.DevStack;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>A tiny HTTP receiver for the sandbox's webhooks: each delivery (headers and body) arrives on a channel.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly Task _loop;

    public WebhookSink()
    {
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/sandbox/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public sealed record Delivery(string? Id, string? Timestamp, string? Signature, byte[] Body);

    /// <summary>The next delivery, or a timeout naming what was awaited.</summary>
    public async Task<Delivery> NextAsync(TimeSpan timeout) => await _deliveries.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            await _deliveries.Writer.WriteAsync(new Delivery(context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
