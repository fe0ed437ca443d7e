namespace SslFlow.Application.Orders;

public sealed class OrderServiceOptions
{
    /// <summary>The CA for DV orders validated by http-01/dns-01.</summary>
    public string DefaultCa { get; set; } = "acme";

    /// <summary>The CA for OV/EV/S/MIME orders and email DCV (a reseller order API; the sandbox CA locally).</summary>
    public string ValidatedCa { get; set; } = "sandbox";

    /// <summary>How often a waiting validation step asks the CA (recovers lost webhooks); null = the pipeline's default (4 h).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan? ValidationPollInterval { get; set; }

    /// <summary>When a saved (purchased, not activated) order is reminded, after its purchase; null = <see cref="Domain.Purchases.SavedOrderPolicy.Default"/>.</summary>
    public List<TimeSpan>? SavedOrderReminders { get; set; }

    /// <summary>When a saved order lapses and is refunded, after its purchase; null = <see cref="Domain.Purchases.SavedOrderPolicy.Default"/>.</summary>
    public TimeSpan? SavedOrderExpiry { get; set; }
}
