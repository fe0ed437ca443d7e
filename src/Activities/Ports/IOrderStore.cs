using SslFlow.Activities.Orders;

namespace SslFlow.Activities.Ports;

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
}

public sealed record OrderPage(IReadOnlyList<OrderRecord> Orders, string? ContinuationToken);
