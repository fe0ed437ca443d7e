using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// At notAfter an unrenewed certificate becomes CERTIFICATE DISABLED, leaves the schedule, and the customer is told.
/// An order that is no longer ACTIVE (revoked or refunded meanwhile) only leaves the schedule: its customer was told then.
/// </summary>
public sealed class DisableCertificateOrchestration : SslFlowOrchestrator<RenewalInput, bool>
{
    protected override async Task<bool> RunOrchestrationAsync(TaskOrchestrationContext context, RenewalInput input)
    {
        var item = input.Item;
        var disabled = true;
        try
        {
            await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(item.CertificateId,
                new OrderTransition(900_000 + item.Renewals, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.CertificateDisabled, OrderSubStatus.None,
                    TransitionCauseKind.Expired, OrderActor.System, $"Certificate {item.SerialNumber} expired at {item.NotAfter:u} without renewal"),
                new OrderUpdate()).Keyed(context), Retries.Transient);
        }
        catch (TaskFailedException ex) when (ex.FailureDetails.HasCause<IllegalTransitionException>())
        {
            disabled = false;
        }
        await context.CallActivityAsync(ActivityNames.RemoveFromSchedule, new RemoveFromScheduleInput(item.CertificateId), Retries.Transient);
        if (disabled) await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.Disabled, 900_000 + item.Renewals), input.Timings);
        return disabled;
    }
}
