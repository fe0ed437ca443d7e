namespace SslFlow.Contracts.Notifications;

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
    /// <summary>Installed on a target and verified on the wire; the reason carries where.</summary>
    Installed,
    /// <summary>Installing failed; the reason says why. Sent once per installation, not on every retry.</summary>
    InstallFailed,
    /// <summary>A saved (purchased) order still waits for its activation details.</summary>
    ActivationReminder,
    /// <summary>A CaaS subscription's term was renewed; the same EAB key runs until the new end.</summary>
    SubscriptionRenewed,
}
