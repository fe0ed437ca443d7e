namespace SslFlow.SandboxCa;

public enum ProductKind
{
    Dv,
    Ov,
    Ev,
    Smime,
}

/// <summary>A validation step of an order and what its completion means: the status the order shows and the webhook event.</summary>
public sealed record StepKind(string Name, string CompletedStatus, string EventType);

/// <summary>Product codes by prefix, as reseller catalogues name them (dv-basic, ov-wildcard, ev-multidomain, smime-pro …).</summary>
public static class Products
{
    public static readonly StepKind DomainControl = new("domain_control", "dcv_completed", "dcv.completed");
    public static readonly StepKind EmailControl = new("email_control", "dcv_completed", "dcv.completed");
    public static readonly StepKind Organization = new("organization", "organization_validated", "organization.validated");
    public static readonly StepKind Identity = new("identity", "organization_validated", "organization.validated");
    public static readonly StepKind EvChecks = new("ev_checks", "ev_checks_completed", "ev.checks.completed");

    private static readonly StepKind[] AllSteps = [DomainControl, EmailControl, Organization, Identity, EvChecks];

    public static ProductKind? Parse(string? productCode)
    {
        var code = productCode?.Trim().ToLowerInvariant() ?? "";
        if (code.StartsWith("dv-", StringComparison.Ordinal)) return ProductKind.Dv;
        if (code.StartsWith("ov-", StringComparison.Ordinal)) return ProductKind.Ov;
        if (code.StartsWith("ev-", StringComparison.Ordinal)) return ProductKind.Ev;
        if (code.StartsWith("smime-", StringComparison.Ordinal)) return ProductKind.Smime;
        return null;
    }

    /// <summary>DV: domain; OV: domain → organization; EV: domain → organization → EV checks; S/MIME: mailbox (+ identity for pro/enterprise).</summary>
    public static IReadOnlyList<StepKind> Steps(ProductKind kind, string productCode) => kind switch
    {
        ProductKind.Dv => [DomainControl],
        ProductKind.Ov => [DomainControl, Organization],
        ProductKind.Ev => [DomainControl, Organization, EvChecks],
        _ => productCode.Contains("pro", StringComparison.OrdinalIgnoreCase) || productCode.Contains("enterprise", StringComparison.OrdinalIgnoreCase)
            ? [EmailControl, Identity]
            : [EmailControl],
    };

    public static StepKind Step(string name) => AllSteps.First(s => s.Name == name);

    /// <summary>CA/B Forum policy identifiers (reserved OIDs), so the leaf says how it was validated.</summary>
    public static string PolicyOid(ProductKind kind) => kind switch
    {
        ProductKind.Dv => "2.23.140.1.2.1",
        ProductKind.Ov => "2.23.140.1.2.2",
        ProductKind.Ev => "2.23.140.1.1",
        _ => "2.23.140.1.5.1.2", // S/MIME mailbox-validated, multipurpose
    };
}
