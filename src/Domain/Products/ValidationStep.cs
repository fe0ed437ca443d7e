using SslFlow.Domain.Orders;

namespace SslFlow.Domain.Products;

/// <summary>The kinds of check a validation plan is made of.</summary>
public enum ValidationStepKind
{
    DomainControl,
    EmailControl,
    IdentityDocument,
    Organization,
    EvExtraChecks,
    Callback,
}

/// <summary>
/// One step of a plan: the external event that completes it (the name the orchestration waits for), how long to wait,
/// and the sub-status the customer sees meanwhile.
/// </summary>
public sealed record ValidationStep(ValidationStepKind Kind, string CompletionEvent, TimeSpan Timeout, OrderSubStatus SubStatus);

/// <summary>External event names that complete validation steps (the CA webhook's event type).</summary>
public static class ValidationEvents
{
    public const string DcvCompleted = "dcv.completed";
    public const string EmailVerified = "email.verified";
    public const string IdentityVerified = "identity.verified";
    public const string OrganizationValidated = "organization.validated";
    public const string EvChecksCompleted = "ev.checks.completed";
    public const string CallbackCompleted = "callback.completed";

    /// <summary>The CA refused the order or a check failed; ends any wait in ACTIVATION ERROR.</summary>
    public const string Rejected = "rejected";

    /// <summary>The CA issued the certificate (the pipeline polls for it; the event is informational).</summary>
    public const string Issued = "issued";

    public static string For(ValidationStepKind kind) => kind switch
    {
        ValidationStepKind.DomainControl => DcvCompleted,
        ValidationStepKind.EmailControl => EmailVerified,
        ValidationStepKind.IdentityDocument => IdentityVerified,
        ValidationStepKind.Organization => OrganizationValidated,
        ValidationStepKind.EvExtraChecks => EvChecksCompleted,
        ValidationStepKind.Callback => CallbackCompleted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The sub-status shown while a step runs. Callback is the last leg of organization vetting, so it shows that.</summary>
    public static OrderSubStatus SubStatusFor(ValidationStepKind kind) => kind switch
    {
        ValidationStepKind.DomainControl => OrderSubStatus.DomainControlValidation,
        ValidationStepKind.EmailControl => OrderSubStatus.EmailControlValidation,
        ValidationStepKind.IdentityDocument => OrderSubStatus.IdentityVerification,
        ValidationStepKind.Organization => OrderSubStatus.OrganizationChecks,
        ValidationStepKind.EvExtraChecks => OrderSubStatus.AdditionalEvChecks,
        ValidationStepKind.Callback => OrderSubStatus.OrganizationChecks,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
