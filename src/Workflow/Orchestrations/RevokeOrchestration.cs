using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>Revokes the current certificate with an RFC 5280 reason: REVOKED, out of the renewal schedule, customer told.</summary>
public sealed class RevokeOrchestration : SslFlowOrchestrator<RevokeRequest, string>
{
    protected override async Task<string> RunOrchestrationAsync(TaskOrchestrationContext context, RevokeRequest input)
    {
        var sequence = Sequences.For(context.InstanceId);
        var serial = await context.CallActivityAsync<string>(ActivityNames.RevokeCertificate, new RevokeInput(input.CaName, input.CertificateName, input.Reason), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RemoveFromSchedule, new RemoveFromScheduleInput(input.OrderId), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(sequence, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Revoked, OrderActor.Customer,
                $"Certificate {serial} revoked ({input.ReasonName})"),
            new OrderUpdate()).Keyed(context), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.Revoked.Display(), null, null, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Revoked, sequence));
        return serial;
    }
}
