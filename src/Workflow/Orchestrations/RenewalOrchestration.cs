using SslFlow.Activities.Issuance;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Workflow.Orchestrations;

public sealed record RenewalInput(InventoryItem Item);

public sealed record RenewalResult(string CertificateId, bool Renewed, string? SerialNumber, DateTimeOffset? NextRenewal, string? Error);

/// <summary>
/// Renews one certificate through the same issuance pipeline as a new order: a new key version in the vault
/// (the old certificate stays current until the new one is merged), ACTIVE → ACTIVE with an audit entry, the
/// inventory moved to the next renewal moment, the customer told. A failure schedules the next try at
/// 1 min, 10 min, 100 min, then daily, and tells the customer.
/// </summary>
public sealed class RenewalOrchestration : IOrchestration<RenewalInput, RenewalResult>
{
    public async Task<RenewalResult> RunAsync(IOrchestrationContext context, RenewalInput input)
    {
        var item = input.Item;
        var attempt = item.Renewals + 1;
        var sequenceBase = 1000 * attempt + 100 * Math.Min(item.Failures, 9);
        try
        {
            var issued = await context.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
                new IssueCertificateInput(item.CertificateId, attempt, item.CaName, item.ProductCode, item.DnsNames, item.DcvMethod, item.ContactEmail,
                    item.CertificateName, item.Key, sequenceBase, Renewal: true),
                new SubOrchestrationOptions($"{context.InstanceId}:issue"));

            await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(item.CertificateId,
                new OrderTransition(sequenceBase + 90, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None,
                    TransitionCauseKind.Renewed, OrderActor.System, $"Renewed: certificate {issued.SerialNumber} valid until {issued.NotAfter:u}"),
                new OrderUpdate(SerialNumber: issued.SerialNumber, Thumbprint: issued.Thumbprint, NotBefore: issued.NotBefore, NotAfter: issued.NotAfter)), Retries.Transient);
            var next = item with
            {
                SerialNumber = issued.SerialNumber,
                NotBefore = issued.NotBefore,
                NotAfter = issued.NotAfter,
                RenewAt = Activities.Renewal.RenewalPolicy.RenewAt(item.CertificateId + issued.SerialNumber, issued.NotBefore, issued.NotAfter),
                Renewals = attempt,
                Failures = 0,
            };
            await context.CallActivityAsync(nameof(UpdateInventory), new UpdateInventoryInput(next), Retries.Transient);
            await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.Renewed, sequenceBase + 91));
            return new RenewalResult(item.CertificateId, true, issued.SerialNumber, next.RenewAt, null);
        }
        catch (SubOrchestrationFailedException ex)
        {
            var reason = Reasons.From(ex.FailureDetails);
            var failures = item.Failures + 1;
            var retryAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero) + Activities.Renewal.RenewalPolicy.RetryDelay(failures);
            var next = item with { Failures = failures, RenewAt = retryAt };
            await context.CallActivityAsync(nameof(UpdateInventory), new UpdateInventoryInput(next), Retries.Transient);
            await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.RenewalFailed, sequenceBase + 92, reason));
            return new RenewalResult(item.CertificateId, false, null, retryAt, reason);
        }
    }
}
