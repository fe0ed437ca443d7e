namespace SslFlow.Application.Webhooks;

/// <summary>
/// A CA's callback as the workflow receives it. <see cref="Type"/> is the event name the orchestration waits for:
/// <c>dcv.completed</c>, <c>organization.validated</c>, <c>ev.checks.completed</c>, <c>issued</c>, <c>rejected</c>, <c>revoked</c>.
/// </summary>
public sealed record CaEvent(string Type, string CaReference, string? Detail = null, DateTimeOffset? OccurredAt = null);

public static class CaEventTypes
{
    public const string DcvCompleted = "dcv.completed";
    public const string OrganizationValidated = "organization.validated";
    public const string EvChecksCompleted = "ev.checks.completed";
    public const string Issued = "issued";
    public const string Rejected = "rejected";
    public const string Revoked = "revoked";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { DcvCompleted, OrganizationValidated, EvChecksCompleted, Issued, Rejected, Revoked };
}
