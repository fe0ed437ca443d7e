namespace SslFlow.Activities.Notifications;

/// <summary>Every transition a customer cares about has one template.</summary>
public enum NotificationKind
{
    OrderReceived,
    DcvInstructions,
    OrganizationChecks,
    Issued,
    ActivationError,
    Cancelled,
    Refunded,
    Renewed,
    RenewalFailed,
    RenewalActionNeeded,
    Expiring,
    Revoked,
    Disabled,
}
