namespace SslFlow.Domain.Orders;

/// <summary>
/// One transition as it is kept for audit. <see cref="From"/> is null only for the entry that creates the order.
/// Stores the cause's code and reason flat so the entry serialises the same everywhere (tables, JSON, logs).
/// </summary>
public sealed record OrderAuditEntry(
    DateTimeOffset At,
    OrderStatus? From,
    OrderStatus To,
    OrderSubStatus SubStatus,
    TransitionCauseKind CauseKind,
    string CauseCode,
    string Reason,
    OrderActor Actor)
{
    public OrderState State => new(To, SubStatus);
}
