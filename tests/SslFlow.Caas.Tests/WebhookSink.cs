using System.Net;
using System.Text.Json;
using SslFlow.DevStack;

namespace SslFlow.Caas.Tests;

/// <summary>A tiny HTTP receiver for the sandbox's webhooks; tests await the event they expect (type and CA reference).</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Delivery> _deliveries = [];
    private readonly Task _loop;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WebhookSink()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/sandbox/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public sealed record Delivery(string? Id, string Type, string CaReference, string? Detail);

    /// <summary>The first delivery of <paramref name="type"/> for <paramref name="caReference"/>, awaited up to <paramref name="timeout"/>.</summary>
    public async Task<Delivery> WaitForAsync(string type, string caReference, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_deliveries)
            {
                var found = _deliveries.FirstOrDefault(d => d.Type == type && d.CaReference == caReference);
                if (found is not null) return found;
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_deliveries) throw new TimeoutException($"No '{type}' webhook for {caReference}; got: {string.Join(", ", _deliveries.Select(d => $"{d.Type}/{d.CaReference}"))}");
            }
        }
    }

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
            var json = JsonDocument.Parse(body.ToArray()).RootElement;
            var delivery = new Delivery(context.Request.Headers["webhook-id"], json.GetProperty("type").GetString()!, json.GetProperty("caReference").GetString()!,
                json.TryGetProperty("detail", out var d) ? d.GetString() : null);
            context.Response.StatusCode = 200;
            context.Response.Close();
            lock (_deliveries)
            {
                _deliveries.Add(delivery);
                _arrived.TrySetResult();
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
