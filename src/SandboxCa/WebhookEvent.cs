namespace SslFlow.SandboxCa;

/// <summary>
/// The body of one webhook the sandbox sends: <c>{"type", "caReference", "detail"?, "occurredAt"}</c> (camelCase JSON,
/// nulls left out). The sandbox's own record of its wire format: it is written here from what a client is told to
/// expect, not borrowed from the client, so a client that reads the wrong field or waits for the wrong name fails.
/// </summary>
public sealed record WebhookEvent(string Type, string CaReference, string? Detail = null, DateTimeOffset? OccurredAt = null);

/// <summary>The event names the sandbox sends: one per completed validation step, then the outcome of the order.</summary>
public static class WebhookEventTypes
{
    public const string DcvCompleted = "dcv.completed";
    public const string EmailVerified = "email.verified";
    public const string IdentityVerified = "identity.verified";
    public const string OrganizationValidated = "organization.validated";
    public const string EvChecksCompleted = "ev.checks.completed";
    public const string CallbackCompleted = "callback.completed";
    public const string Issued = "issued";
    public const string Rejected = "rejected";
    public const string Revoked = "revoked";
}
