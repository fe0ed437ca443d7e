using SslFlow.Domain.Orders;

namespace SslFlow.Application.Orders;

/// <summary>The reseller's view (Pending → In Progress → Completed): anything that ended, well or not, is Completed.</summary>
public static class ResellerStates
{
    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.PendingActivation => "Pending",
        OrderStatus.ActivationInProgress or OrderStatus.ToBeRefunded => "In Progress",
        _ => "Completed",
    };
}
