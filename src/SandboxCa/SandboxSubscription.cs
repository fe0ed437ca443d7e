namespace SslFlow.SandboxCa;

/// <summary>
/// A "certificate as a service" subscription as the sandbox keeps it (subscriptions.json). It owns one EAB key id; the
/// HMAC key itself stays in the pool file only. Mutated only under <see cref="SubscriptionBook"/>'s lock.
/// </summary>
public sealed class SandboxSubscription
{
    public required string CaReference { get; init; }

    public required string OrderKey { get; init; }

    public required string ProductCode { get; init; }

    public required ProductKind Kind { get; init; }

    public string? CustomerId { get; init; }

    public string? ContactEmail { get; init; }

    public string? OrganizationName { get; init; }

    public TimeSpan Term { get; init; }

    /// <summary>pending | active | deactivated | rejected.</summary>
    public string Status { get; set; } = SubscriptionStatuses.Pending;

    public List<ValidationStep> Steps { get; set; } = [];

    /// <summary>The EAB key assigned when the subscription became active; kept for ever so it is never assigned again.</summary>
    public string? KeyId { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>Renewal keys already applied (a re-run of a renewal extends the term once).</summary>
    public List<string> Renewals { get; set; } = [];

    public string? Reason { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>True when the deactivated key was taken out of the pool file (Pebble refuses it from its next start).</summary>
    public bool KeyRetired { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public ValidationStep? CurrentStep => Status == SubscriptionStatuses.Pending ? Steps.FirstOrDefault(s => s.CompletedAt is null) : null;
}

public static class SubscriptionStatuses
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Deactivated = "deactivated";
    public const string Rejected = "rejected";
}

/// <summary>CaaS product codes: <c>caas-dv…</c> (key at once) and <c>caas-ov…</c> (the organization is vetted first).</summary>
public static class CaasProducts
{
    public static ProductKind? Parse(string? productCode)
    {
        var code = productCode?.Trim().ToLowerInvariant() ?? "";
        if (code.StartsWith("caas-dv", StringComparison.Ordinal)) return ProductKind.Dv;
        if (code.StartsWith("caas-ov", StringComparison.Ordinal)) return ProductKind.Ov;
        return null;
    }

    public static IReadOnlyList<StepKind> Steps(ProductKind kind) => kind == ProductKind.Ov ? [Products.Organization] : [];
}
