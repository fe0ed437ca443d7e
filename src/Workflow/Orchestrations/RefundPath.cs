using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>TO BE REFUNDED → refund → REFUNDED, with the customer told at each end. Shared by cancel and ACTIVATION ERROR.</summary>
public static class RefundPath
{
    public static async Task RunAsync(TaskOrchestrationContext context, string orderId, string reason, OrderActor actor, int sequence, TransitionCauseKind cause = TransitionCauseKind.Cancelled)
    {
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(orderId,
            new OrderTransition(sequence, context.CurrentUtcDateTime, null, OrderStatus.ToBeRefunded, OrderSubStatus.None, cause, actor, reason),
            new OrderUpdate()).Keyed(context), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.ToBeRefunded.Display(), null, null, "refund"));
        await Notify.SendAsync(context, new NotifyCustomerInput(orderId, NotificationKind.Cancelled, sequence, reason));
        var refundId = await context.CallActivityAsync<string>(ActivityNames.Refund, new RefundInput(orderId, reason), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(orderId,
            new OrderTransition(sequence + 1, context.CurrentUtcDateTime, OrderStatus.ToBeRefunded, OrderStatus.Refunded, OrderSubStatus.None, TransitionCauseKind.Refunded, OrderActor.System, $"Refund {refundId}"),
            new OrderUpdate()).Keyed(context), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.Refunded.Display(), null, null, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(orderId, NotificationKind.Refunded, sequence + 1));
    }
}
