using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// Cancel after issuance, inside the refund window: revoke first (a refunded certificate must not stay valid),
/// REVOKED → TO BE REFUNDED → REFUNDED.
/// </summary>
public sealed class CancelIssuedOrchestration : SslFlowOrchestrator<CancelIssuedRequest, string>
{
    protected override async Task<string> RunOrchestrationAsync(TaskOrchestrationContext context, CancelIssuedRequest input)
    {
        var sequence = Sequences.For(context.InstanceId);
        var serial = await context.CallActivityAsync<string>(ActivityNames.RevokeCertificate,
            new RevokeInput(input.CaName, input.CertificateName, RevocationReasons.ByName["cessationOfOperation"]), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RemoveFromSchedule, new RemoveFromScheduleInput(input.OrderId), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(sequence, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Cancelled, OrderActor.Customer,
                $"Certificate {serial} revoked because the order was cancelled"),
            new OrderUpdate()).Keyed(context), Retries.Transient);
        await RefundPath.RunAsync(context, input.OrderId, input.Reason, OrderActor.Customer, sequence + 1);
        return serial;
    }
}
