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
    // Event types: the validation events the sandbox announces (WebhookEventTypes), one per completed step.
    public static readonly StepKind DomainControl = new("domain_control", "dcv_completed", WebhookEventTypes.DcvCompleted);
    public static readonly StepKind EmailControl = new("email_control", "email_verified", WebhookEventTypes.EmailVerified);
    public static readonly StepKind Organization = new("organization", "organization_validated", WebhookEventTypes.OrganizationValidated);
    public static readonly StepKind Identity = new("identity", "identity_verified", WebhookEventTypes.IdentityVerified);
    public static readonly StepKind EvChecks = new("ev_checks", "ev_checks_completed", WebhookEventTypes.EvChecksCompleted);
    public static readonly StepKind Callback = new("callback", "callback_completed", WebhookEventTypes.CallbackCompleted);

    private static readonly StepKind[] AllSteps = [DomainControl, EmailControl, Organization, Identity, EvChecks, Callback];

    public static ProductKind? Parse(string? productCode)
    {
        var code = productCode?.Trim().ToLowerInvariant() ?? "";
        if (code.StartsWith("dv-", StringComparison.Ordinal)) return ProductKind.Dv;
        if (code.StartsWith("ov-", StringComparison.Ordinal)) return ProductKind.Ov;
        if (code.StartsWith("ev-", StringComparison.Ordinal)) return ProductKind.Ev;
        if (code.StartsWith("smime-", StringComparison.Ordinal)) return ProductKind.Smime;
        return null;
    }

    /// <summary>
    /// DV: domain; OV: domain → organization; EV: domain → organization → EV checks; S/MIME (seed 004): basic = mailbox,
    /// pro = photo ID → mailbox, enterprise = mail domain → organization → applicant ID → callback.
    /// </summary>
    public static IReadOnlyList<StepKind> Steps(ProductKind kind, string productCode) => kind switch
    {
        ProductKind.Dv => [DomainControl],
        ProductKind.Ov => [DomainControl, Organization],
        ProductKind.Ev => [DomainControl, Organization, EvChecks],
        _ when productCode.Contains("enterprise", StringComparison.OrdinalIgnoreCase) => [DomainControl, Organization, Identity, Callback],
        _ when productCode.Contains("pro", StringComparison.OrdinalIgnoreCase) => [Identity, EmailControl],
        _ => [EmailControl],
    };

    public static StepKind Step(string name) => AllSteps.First(s => s.Name == name);

    /// <summary>
    /// CA/B Forum policy identifiers (reserved OIDs), so the leaf says how it was validated. S/MIME (S/MIME BR 7.1.6.1,
    /// multipurpose generation): mailbox-validated 2.23.140.1.5.1.2, sponsor-validated (enterprise) 2.23.140.1.5.3.2,
    /// individual-validated (pro) 2.23.140.1.5.4.2.
    /// </summary>
    public static string PolicyOid(ProductKind kind, string productCode = "") => kind switch
    {
        ProductKind.Dv => "2.23.140.1.2.1",
        ProductKind.Ov => "2.23.140.1.2.2",
        ProductKind.Ev => "2.23.140.1.1",
        _ when productCode.Contains("enterprise", StringComparison.OrdinalIgnoreCase) => "2.23.140.1.5.3.2",
        _ when productCode.Contains("pro", StringComparison.OrdinalIgnoreCase) => "2.23.140.1.5.4.2",
        _ => "2.23.140.1.5.1.2",
    };
}
