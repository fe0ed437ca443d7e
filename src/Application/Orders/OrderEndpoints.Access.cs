using Microsoft.AspNetCore.Http;
using SslFlow.Application.Security;
using SslFlow.Domain.Accounts;

namespace SslFlow.Application.Orders;

/// <summary>Account scoping shared by the order routes.</summary>
public static partial class OrderEndpoints
{
    /// <summary>
    /// 401 without a known key; 404 — the very answer a missing order gets — when the caller may not see the order, before
    /// the body is read or anything is asked or changed, so a customer learns nothing about another customer's orders.
    /// </summary>
    internal static async Task<IResult?> DenyAsync(string orderId, HttpRequest request, OrderVisibility visibility, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticateAccount(request) is not { } caller) return Unauthorized();
        if (orderId.Length > 100 || !await visibility.CanSeeAsync(orderId, caller, cancellationToken)) return NotFound(orderId);
        return null;
    }

    /// <summary>The CA-reference search, answering an empty list when the order found is another customer's.</summary>
    private static async Task<OrderListView> FindScopedAsync(OrderUseCases service, string reference, Account caller, CancellationToken cancellationToken)
    {
        var found = await service.Queries.FindByCaReferenceAsync(reference, cancellationToken);
        if (caller.IsOperator || found.Orders.Count == 0) return found;
        var visible = new List<OrderView>();
        foreach (var view in found.Orders)
        {
            if (await service.Visibility.CanSeeAsync(view.OrderId, caller, cancellationToken)) visible.Add(view);
        }
        return new OrderListView(visible, found.ContinuationToken);
    }
}
