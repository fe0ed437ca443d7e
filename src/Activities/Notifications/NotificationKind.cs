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
    /// <summary>A saved (purchased) order still waits for its activation details.</summary>
    ActivationReminder,
}
