using System.Net;
using System.Text.Json;
using SslFlow.DevStack;

namespace SslFlow.Tests.Support;

/// <summary>
/// A tiny HTTP receiver for the sandbox CA's webhooks, on a free loopback port. Every delivery is kept as it arrived
/// (the three Standard Webhooks headers and the raw body, so a test can verify the signature itself); tests either take
/// deliveries in arrival order (<see cref="NextAsync"/>) or await the one event they expect (<see cref="WaitForAsync"/>).
/// Answers 200 once the delivery is recorded. One source file, compiled into each test project that needs it.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Delivery> _deliveries = [];
    private readonly Task _loop;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    public WebhookSink()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/sandbox/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>One delivery; <see cref="Type"/>, <see cref="CaReference"/> and <see cref="Detail"/> are read from the JSON body.</summary>
    public sealed record Delivery(string? Id, string? Timestamp, string? Signature, byte[] Body)
    {
        private readonly Lazy<JsonElement?> _json = new(() =>
        {
            try
            {
                return JsonDocument.Parse(Body).RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        });

        public string? Type => Field("type");

        public string? CaReference => Field("caReference");

        public string? Detail => Field("detail");

        private string? Field(string name) =>
            _json.Value is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }

    /// <summary>The next delivery not yet taken, in arrival order, awaited up to <paramref name="timeout"/>.</summary>
    public Task<Delivery> NextAsync(TimeSpan timeout) =>
        AwaitAsync(() => _taken < _deliveries.Count ? _deliveries[_taken++] : null, timeout, "No further webhook");

    /// <summary>The first delivery of <paramref name="type"/> for <paramref name="caReference"/>, awaited up to <paramref name="timeout"/>.</summary>
    public Task<Delivery> WaitForAsync(string type, string caReference, TimeSpan timeout) =>
        AwaitAsync(() => _deliveries.FirstOrDefault(d => d.Type == type && d.CaReference == caReference), timeout, $"No '{type}' webhook for {caReference}");

    private async Task<Delivery> AwaitAsync(Func<Delivery?> find, TimeSpan timeout, string whatIsMissing)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_deliveries)
            {
                if (find() is { } found) return found;
                arrived = _arrived.Task;
            }
            try
            {
                await arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_deliveries)
                {
                    throw new TimeoutException($"{whatIsMissing} within {timeout}; got: {string.Join(", ", _deliveries.Select(d => $"{d.Type}/{d.CaReference}"))}");
                }
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
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers;
            lock (_deliveries)
            {
                _deliveries.Add(new Delivery(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body.ToArray()));
                _arrived.TrySetResult();
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
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
