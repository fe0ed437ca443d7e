using Microsoft.DurableTask.Client;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Orders;

/// <summary>Which orders a caller may see: every order route asks <see cref="CanSeeAsync"/> before it reads or changes anything.</summary>
public sealed partial class OrderService
{
    /// <summary>
    /// True when the caller may see the order (<see cref="OrderAccess.CanSee"/>). Also true for operators asking about an
    /// order that does not exist, so the route answers its own 404; for a customer a missing and a foreign order are the
    /// same false, and the route answers the same 404.
    /// </summary>
    public async Task<bool> CanSeeAsync(string orderId, Account caller, CancellationToken cancellationToken)
    {
        if (caller.IsOperator) return true;
        return OrderAccess.CanSee(caller, await CustomerOfAsync(orderId, cancellationToken));
    }

    /// <summary>The account the order was placed for: from its record, or (before the first step ran) from the orchestration input.</summary>
    public async Task<string?> CustomerOfAsync(string orderId, CancellationToken cancellationToken)
    {
        var record = await orders.GetAsync(orderId, cancellationToken);
        if (record is not null) return record.Customer;
        var instance = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken);
        return instance?.SerializedInput is not null && instance.Name == nameof(OrderOrchestration) ? instance.ReadInputAs<OrderInput>()?.Customer : null;
    }

    /// <summary>A list limited to <paramref name="customer"/>'s orders (null: every order, for operators).</summary>
    public async Task<OrderListView> ListAsync(OrderStatus? status, int pageSize, string? continuationToken, string? customer, CancellationToken cancellationToken)
    {
        if (customer is null) return await ListAsync(status, pageSize, continuationToken, cancellationToken);
        var page = await orders.ListForCustomerAsync(customer, status?.ToString(), pageSize, continuationToken, cancellationToken);
        return new OrderListView(page.Orders.Select(o => ToView(o, null, [])).ToList(), Http.PageTokens.Encode(page.ContinuationToken));
    }
}
