using SslFlow.Contracts;
using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// Reissue (new key and/or added SANs): the same pipeline with a new key version under the same vault name and
/// the same order; the old certificate stays current and the order ACTIVE until the new one is merged.
/// </summary>
public sealed class ReissueOrchestration : SslFlowOrchestrator<ReissueRequest, IssuedCertificate>
{
    protected override async Task<IssuedCertificate> RunOrchestrationAsync(TaskOrchestrationContext context, ReissueRequest input)
    {
        var sequence = Sequences.For(context.InstanceId);
        var issued = await context.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
            new IssueCertificateInput(input.OrderId, 500 + input.Renewals, input.CaName, input.ProductCode, input.DnsNames, input.DcvMethod, input.ContactEmail,
                input.CertificateName, input.Key, sequence, Renewal: true, ValidationPollInterval: input.ValidationPollInterval, Subject: input.Subject),
            SubOrchestration.WithInstanceId($"{context.InstanceId}:issue"));
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(sequence + 90, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None, TransitionCauseKind.Reissued, OrderActor.Customer,
                $"Reissued for {string.Join(", ", input.DnsNames)}: certificate {issued.SerialNumber}"),
            new OrderUpdate(SerialNumber: issued.SerialNumber, Thumbprint: issued.Thumbprint, NotBefore: issued.NotBefore, NotAfter: issued.NotAfter, DnsNames: input.DnsNames)).Keyed(context), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.UpdateInventory, new UpdateInventoryInput(new InventoryItem(
            input.OrderId, input.ProductCode, input.DnsNames, input.CaName, input.DcvMethod, input.ContactEmail, input.CertificateName, input.Key,
            issued.SerialNumber, issued.NotBefore, issued.NotAfter, RenewalPolicy.RenewAt(input.OrderId + issued.SerialNumber, issued.NotBefore, issued.NotAfter), input.Renewals,
            Subject: input.Subject), Reissue: true), Retries.Transient); // renewals and vetting carry over
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Issued, sequence + 91));
        await Install.RunAsync(context, input.OrderId, issued); // the order's stored targets (issue 17)
        return issued;
    }
}
