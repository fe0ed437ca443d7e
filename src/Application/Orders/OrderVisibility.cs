using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Contracts.Orders;
using SslFlow.Domain.Accounts;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Orders;

/// <summary>Which orders a caller may see: every order route asks <see cref="CanSeeAsync"/> before it reads or changes anything.</summary>
public sealed class OrderVisibility(DurableTaskClient workflow, IOrderStore orders)
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
}
