using SslFlow.Domain.Webhooks;

namespace SslFlow.Application.Webhooks;

/// <summary>
/// The CA callback route's verifier: <see cref="StandardWebhooks.Verify"/> (the one implementation, in the domain) on
/// the host's clock, with the ±5-minute tolerance unless told otherwise.
/// </summary>
public sealed class WebhookVerifier(TimeProvider time, TimeSpan? tolerance = null)
{
    private readonly TimeSpan _tolerance = tolerance ?? StandardWebhooks.DefaultTolerance;

    public WebhookVerdict Verify(IReadOnlyList<byte[]> secrets, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body) =>
        StandardWebhooks.Verify(secrets, id, timestamp, signatureHeader, body, time.GetUtcNow(), _tolerance);
}
