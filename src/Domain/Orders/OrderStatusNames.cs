namespace SslFlow.Domain.Orders;

/// <summary>The names customers see; these strings are the contract of the status API and the emails.</summary>
public static class OrderStatusNames
{
    public static string Display(this OrderStatus status) => status switch
    {
        OrderStatus.PendingActivation => "PENDING ACTIVATION",
        OrderStatus.ActivationInProgress => "ACTIVATION IN PROGRESS",
        OrderStatus.Active => "ACTIVE",
        OrderStatus.ActivationError => "ACTIVATION ERROR",
        OrderStatus.ToBeRefunded => "TO BE REFUNDED",
        OrderStatus.Refunded => "REFUNDED",
        OrderStatus.Revoked => "REVOKED",
        OrderStatus.CertificateDisabled => "CERTIFICATE DISABLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string? Display(this OrderSubStatus subStatus) => subStatus switch
    {
        OrderSubStatus.None => null,
        OrderSubStatus.DomainControlValidation => "The request has been accepted and domain control validation is in progress",
        OrderSubStatus.OrganizationChecks => "The request has been accepted and the organization checks are underway",
        OrderSubStatus.AdditionalEvChecks => "The request has been accepted and the additional checks required for EV SSL Certificates are underway",
        OrderSubStatus.EmailControlValidation => "The request has been accepted and email address control validation is in progress",
        OrderSubStatus.IdentityVerification => "The request has been accepted and the applicant's identity verification is underway",
        _ => throw new ArgumentOutOfRangeException(nameof(subStatus), subStatus, null),
    };
}
