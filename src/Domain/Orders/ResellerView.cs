namespace SslFlow.Domain.Orders;

/// <summary>The reseller's three-state view of an order (seed 002).</summary>
public enum ResellerView
{
    Pending,
    InProgress,
    Completed,
}

/// <summary>
/// Maps customer statuses to the reseller view. PENDING ACTIVATION is the saved order (Pending). ACTIVATION IN PROGRESS
/// and TO BE REFUNDED are In Progress: the vendor still holds the reseller's funds (seed 002: "funds will remain on
/// hold" while in progress). Everything that has reached an outcome is Completed — ACTIVE, CERTIFICATE DISABLED,
/// REVOKED, REFUNDED, and ACTIVATION ERROR (the CA's processing ended; the refund that follows shows as In Progress).
/// </summary>
public static class ResellerViews
{
    public static ResellerView Of(OrderStatus status) => status switch
    {
        OrderStatus.PendingActivation => ResellerView.Pending,
        OrderStatus.ActivationInProgress or OrderStatus.ToBeRefunded => ResellerView.InProgress,
        OrderStatus.Active or OrderStatus.CertificateDisabled or OrderStatus.Revoked or OrderStatus.Refunded or OrderStatus.ActivationError
            => ResellerView.Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Display(this ResellerView view) => view switch
    {
        ResellerView.Pending => "Pending",
        ResellerView.InProgress => "In Progress",
        ResellerView.Completed => "Completed",
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
    };
}
