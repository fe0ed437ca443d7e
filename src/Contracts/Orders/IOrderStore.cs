namespace SslFlow.Contracts.Orders;

/// <summary>The order records customers and operators read (the orchestration is the source of truth for progress).</summary>
public interface IOrderStore
{
    /// <summary>Creates the record; returns false when it exists (a re-run).</summary>
    Task<bool> CreateAsync(OrderRecord order, CancellationToken cancellationToken);

    Task<OrderRecord?> GetAsync(string orderId, CancellationToken cancellationToken);

    Task<string?> FindOrderIdByCaReferenceAsync(string caReference, CancellationToken cancellationToken);

    /// <summary>Applies a change once per <see cref="OrderTransition.Sequence"/>; a re-run of the same sequence is a no-op.</summary>
    Task ApplyAsync(string orderId, OrderTransition transition, OrderUpdate update, CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderTransition>> GetTransitionsAsync(string orderId, CancellationToken cancellationToken);

    Task<OrderPage> ListAsync(string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// One customer's orders. This default reads the whole list's pages and keeps the customer's (a store that can filter
    /// on the server overrides it); its continuation token is the underlying list's.
    /// </summary>
    async Task<OrderPage> ListForCustomerAsync(string customer, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var kept = new List<OrderRecord>();
        var token = continuationToken;
        do
        {
            var page = await ListAsync(status, pageSize, token, cancellationToken);
            kept.AddRange(page.Orders.Where(o => string.Equals(o.Customer, customer, StringComparison.Ordinal)));
            token = page.ContinuationToken;
        }
        while (kept.Count < pageSize && token is not null);
        return new OrderPage(kept, token);
    }
}

public sealed record OrderPage(IReadOnlyList<OrderRecord> Orders, string? ContinuationToken);
