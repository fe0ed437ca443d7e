using SslFlow.Domain.Products;

namespace SslFlow.Application.Webhooks;

/// <summary>
/// A CA's callback as the workflow receives it. <see cref="Type"/> is the event name the orchestration waits for:
/// the validation events (<c>dcv.completed</c>, <c>organization.validated</c>, <c>ev.checks.completed</c>, …), <c>issued</c>, <c>rejected</c>, <c>revoked</c>.
/// </summary>
public sealed record CaEvent(string Type, string CaReference, string? Detail = null, DateTimeOffset? OccurredAt = null);

public static class CaEventTypes
{
    // Validation events: the same names as the product plans' steps (Domain ValidationEvents).
    public const string DcvCompleted = ValidationEvents.DcvCompleted;
    public const string EmailVerified = ValidationEvents.EmailVerified;
    public const string IdentityVerified = ValidationEvents.IdentityVerified;
    public const string OrganizationValidated = ValidationEvents.OrganizationValidated;
    public const string EvChecksCompleted = ValidationEvents.EvChecksCompleted;
    public const string CallbackCompleted = ValidationEvents.CallbackCompleted;
    public const string Issued = "issued";
    public const string Rejected = "rejected";
    public const string Revoked = "revoked";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        DcvCompleted, EmailVerified, IdentityVerified, OrganizationValidated, EvChecksCompleted, CallbackCompleted, Issued, Rejected, Revoked,
    };
}
