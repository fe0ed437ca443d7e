namespace SslFlow.Domain.Orders;

/// <summary>Where an order stands: a status and, only while ACTIVATION IN PROGRESS, a sub-status.</summary>
public readonly record struct OrderState(OrderStatus Status, OrderSubStatus SubStatus = OrderSubStatus.None)
{
    public static OrderState Initial => new(OrderStatus.PendingActivation);

    public override string ToString() =>
        SubStatus == OrderSubStatus.None ? Status.Display() : $"{Status.Display()} ({SubStatus})";
}
