
namespace SslFlow.Adapters.Installation;

public sealed class WebhookInstallOptions
{
    /// <summary>
    /// Signing secrets by the name a <see cref="Contracts.Installation.WebhookTarget"/> refers to, as Standard Webhooks spells
    /// them (<c>whsec_&lt;base64&gt;</c>, at least 24 bytes). Configuration: <c>Installation:Webhook:Secrets:{name}</c>.
    /// </summary>
    public IDictionary<string, string> Secrets { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The public base of our API: the download link is <c>{base}/api/orders/{orderId}/certificate</c>.</summary>
    public Uri PublicBaseUri { get; set; } = new("http://localhost:7071/");

    /// <summary>Deliveries per install call (5xx, 429 and network errors are retried; other 4xx are not).</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>First pause between deliveries; doubled each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>One delivery.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
