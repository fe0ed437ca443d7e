using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;

namespace SslFlow.SandboxCa;

/// <summary>One delivery as the operator sees it at <c>GET /operator/webhooks</c>.</summary>
public sealed record WebhookDeliveryRecord(string Id, string Type, string CaReference, string Outcome, int Attempts, DateTimeOffset At);

/// <summary>
/// Sends events in the order they happened, Standard Webhooks signed, each with its own <c>webhook-id</c> (kept
/// across retries: it is the receiver's idempotency key). A failed delivery is retried with doubling backoff;
/// a configurable share is dropped on purpose so a client's polling fallback can be tested.
/// </summary>
public sealed class WebhookSender(SandboxOptions options, TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly Channel<WebhookEvent> _queue = Channel.CreateUnbounded<WebhookEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<WebhookDeliveryRecord> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int DropPercent { get; set; } = options.DropWebhooksPercent;

    public IReadOnlyList<WebhookDeliveryRecord> Deliveries => _log.ToArray();

    public void Enqueue(WebhookEvent e) => _queue.Writer.TryWrite(e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken)) await DeliverAsync(e, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered events are lost, as with any CA; clients poll.
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        var id = "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        if (options.WebhookUrl is null || options.WebhookSecret is null)
        {
            Record(id, e, "not-configured", 0);
            return;
        }
        if (DropPercent > 0 && RandomNumberGenerator.GetInt32(100) < DropPercent)
        {
            logger.LogInformation("Webhook {Id} {Type} for {CaReference} dropped on purpose", id, e.Type, e.CaReference);
            Record(id, e, "dropped", 0);
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(e, Json);
        var delay = options.WebhookFirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            string outcome;
            try
            {
                var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", WebhookSignature.Sign(options.WebhookSecret, id, timestamp, body));
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Webhook {Id} {Type} for {CaReference} delivered ({Attempt})", id, e.Type, e.CaReference, attempt);
                    Record(id, e, "delivered", attempt);
                    return;
                }
                outcome = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                outcome = ex.Message;
            }
            if (attempt > options.WebhookRetries)
            {
                logger.LogWarning("Webhook {Id} {Type} for {CaReference} given up after {Attempts} attempts: {Outcome}", id, e.Type, e.CaReference, attempt, outcome);
                Record(id, e, "failed: " + outcome, attempt);
                return;
            }
            logger.LogInformation("Webhook {Id} attempt {Attempt} failed ({Outcome}); retrying in {Delay}", id, attempt, outcome, delay);
            await Task.Delay(delay, time, cancellationToken);
            delay *= 2;
        }
    }

    private void Record(string id, WebhookEvent e, string outcome, int attempts)
    {
        _log.Enqueue(new WebhookDeliveryRecord(id, e.Type, e.CaReference, outcome, attempts, time.GetUtcNow()));
        while (_log.Count > 1000) _log.TryDequeue(out _);
    }
}
