using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Domain.Webhooks;
using SslFlow.Contracts.Installation;

namespace SslFlow.Adapters.Installation;

/// <summary>
/// Tells the customer's own automation that a certificate is ready: a Standard Webhooks POST (<c>webhook-id</c>,
/// <c>webhook-timestamp</c>, <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>) with
/// the order, serial, not-after and download link. The id is derived from (order, serial), so every retry, here or by
/// the workflow, carries the same id and the receiver can drop duplicates. 2xx = delivered.
/// </summary>
public sealed class WebhookInstallTarget(WebhookInstallOptions options, HttpClient http, TimeProvider? timeProvider = null, ILogger<WebhookInstallTarget>? logger = null)
    : IInstallTarget
{
    public const string EventType = "certificate.ready";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<WebhookInstallTarget>.Instance;

    public string Kind => InstallTargetKinds.Webhook;

    /// <summary>Stable per (order, serial): <c>msg_</c> + 32 hex digits of SHA-256.</summary>
    public static string MessageId(string orderId, string serialNumber) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{orderId}\n{serialNumber.ToUpperInvariant()}")))[..32];

    public async Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target is not WebhookTarget target)
        {
            throw new ArgumentException($"Expected a {nameof(WebhookTarget)}, got {request.Target.GetType().Name}.", nameof(request));
        }

        var verifyAt = target.VerifyAt;
        if (!options.Secrets.TryGetValue(target.SecretName, out var configured) || !StandardWebhooks.TryParseSecret(configured, out var secret))
        {
            return InstallResult.Failed($"Webhook secret '{target.SecretName}' is not configured (whsec_ base64, at least {StandardWebhooks.MinSecretBytes} bytes).", verifyAt);
        }

        if (target.Url.Scheme != Uri.UriSchemeHttps && !target.Url.IsLoopback)
        {
            return InstallResult.Failed($"Webhook URL {target.Url} must use https.", verifyAt);
        }

        var id = MessageId(request.OrderId, request.SerialNumber);
        var body = JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload(
            EventType,
            _time.GetUtcNow(),
            new WebhookCertificate(
                request.OrderId,
                request.CertificateName,
                request.SerialNumber,
                request.Thumbprint,
                request.NotAfter,
                new Uri(options.PublicBaseUri, $"api/orders/{Uri.EscapeDataString(request.OrderId)}/certificate"))), Json);

        var delay = options.RetryDelay;
        string last = "not sent";
        for (var attempt = 1; attempt <= Math.Max(1, options.Attempts); attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }

            var sentAt = _time.GetUtcNow().ToUnixTimeSeconds();
            var timestamp = sentAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var message = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.Add("webhook-id", id);
            message.Headers.Add("webhook-timestamp", timestamp);
            message.Headers.Add("webhook-signature", StandardWebhooks.Sign(secret, id, sentAt, body));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            try
            {
                using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _logger.LogInformation("Webhook {Id} delivered to {Url} (attempt {Attempt})", id, target.Url, attempt);
                    return new InstallResult(InstallOutcome.Delivered, $"Webhook {id} delivered to {target.Url} (HTTP {(int)response.StatusCode}).", verifyAt);
                }

                last = $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests && response.StatusCode != HttpStatusCode.RequestTimeout)
                {
                    break;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = $"no answer within {options.Timeout.TotalSeconds:0} s";
            }

            _logger.LogWarning("Webhook {Id} to {Url} attempt {Attempt} failed: {Reason}", id, target.Url, attempt, last);
        }

        return InstallResult.Failed($"Webhook {id} to {target.Url} was not delivered: {last}.", verifyAt);
    }

    private sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, WebhookCertificate Data);

    private sealed record WebhookCertificate(string OrderId, string CertificateName, string SerialNumber, string Thumbprint, DateTimeOffset NotAfter, Uri DownloadUrl);
}
