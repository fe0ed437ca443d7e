namespace SslFlow.Domain.Orders;

/// <summary>The customer-facing order statuses, exactly as the product pages name them (see <see cref="OrderStatusNames"/>).</summary>
public enum OrderStatus
{
    PendingActivation,
    ActivationInProgress,
    Active,
    ActivationError,
    ToBeRefunded,
    Refunded,
    Revoked,
    CertificateDisabled,
}

/// <summary>Sub-statuses of ACTIVATION IN PROGRESS.</summary>
public enum OrderSubStatus
{
    None,
    DomainControlValidation,
    OrganizationChecks,
    AdditionalEvChecks,
    // Added for S/MIME plans (seed 004); appended so stored numeric values keep their meaning.
    EmailControlValidation,
    IdentityVerification,
}
