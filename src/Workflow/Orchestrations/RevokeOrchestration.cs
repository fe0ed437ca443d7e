using Microsoft.DurableTask;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Domain.Orders;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Revokes the current certificate with an RFC 5280 reason: REVOKED, out of the renewal schedule, customer told.</summary>
public sealed class RevokeOrchestration : SslFlowOrchestrator<RevokeRequest, string>
{
    protected override async Task<string> RunOrchestrationAsync(TaskOrchestrationContext context, RevokeRequest input)
    {
        var sequence = Sequences.For(context.InstanceId);
        var serial = await context.CallActivityAsync<string>(nameof(RevokeCertificate), new RevokeInput(input.CaName, input.CertificateName, input.Reason), Retries.Transient);
        await context.CallActivityAsync(nameof(RemoveFromSchedule), new RemoveFromScheduleInput(input.OrderId), Retries.Transient);
        await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
            new OrderTransition(sequence, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Revoked, OrderActor.Customer,
                $"Certificate {serial} revoked ({input.ReasonName})"),
            new OrderUpdate()).Keyed(context), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.Revoked.Display(), null, null, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Revoked, sequence));
        return serial;
    }
}
