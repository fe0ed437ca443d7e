using Microsoft.Extensions.Logging;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Telemetry;

/// <summary>
/// The one hook for order metrics and order logs: every status change goes through <see cref="IOrderStore.ApplyAsync"/>,
/// so wrapping the store sees them all on both hosts without touching activities. Logs carry OrderId and CaReference
/// as scope properties (custom dimensions in Application Insights).
/// </summary>
/// <remarks>
/// Activities run at least once: the record is read before applying, and a change already applied (same status and
/// sub-status) is not counted again.
/// </remarks>
public sealed class InstrumentedOrderStore(IOrderStore inner, ILogger<InstrumentedOrderStore> logger) : IOrderStore
{
    public async Task ApplyAsync(string orderId, OrderTransition transition, OrderUpdate update, CancellationToken cancellationToken)
    {
        var before = await inner.GetAsync(orderId, cancellationToken).ConfigureAwait(false);
        await inner.ApplyAsync(orderId, transition, update, cancellationToken).ConfigureAwait(false);
        if (before is not null && before.Status == transition.To && before.SubStatus == transition.SubStatus)
        {
            return;
        }

        var caReference = update.CaReference ?? before?.CaReference;
        SslFlowMetrics.RecordTransition(orderId, before, transition, caReference);
        using (OrderScope.Begin(logger, orderId, caReference))
        {
            if (transition.To == OrderStatus.ActivationError)
            {
                logger.LogWarning("Order {OrderId} entered {Status}: {Detail}", orderId, transition.To.Display(), transition.Detail ?? update.LastError);
            }
            else
            {
                logger.LogInformation("Order {OrderId} {From} -> {Status} ({SubStatus})", orderId, (transition.From ?? before?.Status)?.Display(), transition.To.Display(), transition.SubStatus.Display());
            }
        }
    }

    public Task<bool> CreateAsync(OrderRecord order, CancellationToken cancellationToken) => inner.CreateAsync(order, cancellationToken);

    public Task<OrderRecord?> GetAsync(string orderId, CancellationToken cancellationToken) => inner.GetAsync(orderId, cancellationToken);

    public Task<string?> FindOrderIdByCaReferenceAsync(string caReference, CancellationToken cancellationToken) => inner.FindOrderIdByCaReferenceAsync(caReference, cancellationToken);

    public Task<IReadOnlyList<OrderTransition>> GetTransitionsAsync(string orderId, CancellationToken cancellationToken) => inner.GetTransitionsAsync(orderId, cancellationToken);

    public Task<OrderPage> ListAsync(string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken) => inner.ListAsync(status, pageSize, continuationToken, cancellationToken);

    public Task<OrderPage> ListForCustomerAsync(string customer, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        inner.ListForCustomerAsync(customer, status, pageSize, continuationToken, cancellationToken);
}
