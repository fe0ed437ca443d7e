using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Workflow.Orchestrations;

/// <param name="AsOf">The renewal run that started this attempt: the ARI window and the retry schedule are reckoned from it,
/// so an instance that starts late does not shift the schedule (null: the orchestration's own start time).</param>
public sealed record RenewalInput(InventoryItem Item, WorkflowTimings? Timings = null, DateTimeOffset? AsOf = null);

public sealed record RenewalResult(string CertificateId, bool Renewed, string? SerialNumber, DateTimeOffset? NextRenewal, string? Error);

/// <summary>
/// Renews one certificate through the same issuance pipeline as a new order: a new key version in the vault
/// (the old certificate stays current until the new one is merged), ACTIVE → ACTIVE with an audit entry, the
/// inventory moved to the next renewal moment, the customer told. Before it starts it asks the CA's ARI: a
/// window that now lies later defers the renewal to a moment in it, and the new order names the old certificate
/// in <c>replaces</c>. A renewal that needs a person (OV/EV re-vetting, email DCV) tells the customer when it first starts.
/// A failure schedules the next try at 1 min, 10 min, 100 min, then daily, and tells the customer on the first
/// failure and on each daily one (not on every quick retry).
/// </summary>
public sealed class RenewalOrchestration : SslFlowOrchestrator<RenewalInput, RenewalResult>
{
    protected override async Task<RenewalResult> RunOrchestrationAsync(TaskOrchestrationContext context, RenewalInput input)
    {
        var item = input.Item;
        var now = input.AsOf ?? new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var attempt = item.Renewals + 1;
        var sequenceBase = 1000 * attempt + 100 * Math.Min(item.Failures, 9);

        var prep = await context.CallActivityAsync<RenewalPreparation>(ActivityNames.PrepareRenewal,
            new PrepareRenewalInput(item.CertificateId, item.SerialNumber, item.CaName, item.CertificateName), Retries.Transient);
        if (!prep.Current) return new RenewalResult(item.CertificateId, false, null, null, "The certificate is no longer the current one.");
        if (prep is { WindowStart: { } start, WindowEnd: { } end } && item.Failures == 0)
        {
            var inWindow = RenewalPolicy.RenewAt(item.CertificateId + item.SerialNumber, item.NotBefore, item.NotAfter, new RenewalWindow(start, end));
            if (inWindow > now)
            {
                await context.CallActivityAsync(ActivityNames.UpdateInventory, new UpdateInventoryInput(item with { RenewAt = inWindow }, Plan: false), Retries.Transient);
                return new RenewalResult(item.CertificateId, false, null, inWindow, null);
            }
        }

        if (item.NeedsPerson && item.Failures == 0)
        {
            await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.RenewalActionNeeded, sequenceBase + 93, PersonReason(item)), input.Timings);
        }

        IssuedCertificate issued;
        try
        {
            // Only the pipeline's failure is a failed renewal: the SDK reports it as a TaskFailedException like any failed
            // activity, so the steps after issuance stay outside this try (their failure fails the instance, as before).
            issued = await context.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
                new IssueCertificateInput(item.CertificateId, attempt, item.CaName, item.ProductCode, item.DnsNames, item.DcvMethod, item.ContactEmail,
                    item.CertificateName, item.Key, sequenceBase, Replaces: prep.Replaces, Renewal: true,
                    ValidationPollInterval: input.Timings?.ValidationPollInterval, Subject: item.Subject),
                SubOrchestration.WithInstanceId($"{context.InstanceId}:issue"));
        }
        catch (TaskFailedException ex)
        {
            var reason = Reasons.From(ex.FailureDetails);
            var failures = item.Failures + 1;
            var retryAt = now + RenewalPolicy.RetryDelay(failures);
            var failed = item with { Failures = failures, RenewAt = retryAt };
            // Expiry reminders whose moment has passed are covered by this email (it gives the expiry date).
            failed = failed with { RemindedAtDays = RenewalPolicy.DueReminder(failed, now) ?? item.RemindedAtDays };
            await context.CallActivityAsync(ActivityNames.UpdateInventory, new UpdateInventoryInput(failed, Plan: false), Retries.Transient);
            if (failures == 1 || failures > 3)
            {
                await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.RenewalFailed, sequenceBase + 92, reason), input.Timings);
            }
            return new RenewalResult(item.CertificateId, false, null, retryAt, reason);
        }

        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(item.CertificateId,
            new OrderTransition(sequenceBase + 90, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None,
                TransitionCauseKind.Renewed, OrderActor.System, $"Renewed: certificate {issued.SerialNumber} valid until {issued.NotAfter:u}"),
            new OrderUpdate(SerialNumber: issued.SerialNumber, Thumbprint: issued.Thumbprint, NotBefore: issued.NotBefore, NotAfter: issued.NotAfter)).Keyed(context), Retries.Transient);
        var next = item with
        {
            SerialNumber = issued.SerialNumber,
            NotBefore = issued.NotBefore,
            NotAfter = issued.NotAfter,
            RenewAt = RenewalPolicy.RenewAt(item.CertificateId + issued.SerialNumber, issued.NotBefore, issued.NotAfter),
            Renewals = attempt,
            Failures = 0,
            RemindedAtDays = 0,
            // A renewal that needed a person had the organization vetted again.
            OrganizationValidatedAt = item.NeedsPerson && item.OrganizationValidatedAt is not null ? issued.NotBefore : item.OrganizationValidatedAt,
            NeedsPerson = false,
        };
        await context.CallActivityAsync(ActivityNames.UpdateInventory, new UpdateInventoryInput(next), Retries.Transient);
        await Notify.SendAsync(context, new NotifyCustomerInput(item.CertificateId, NotificationKind.Renewed, sequenceBase + 91), input.Timings);
        await Install.RunAsync(context, item.CertificateId, issued); // the order's stored targets (issue 17); none = nothing to do
        return new RenewalResult(item.CertificateId, true, issued.SerialNumber, next.RenewAt, null);
    }

    private static string PersonReason(InventoryItem item) =>
        item.DcvMethod == Domain.Rules.DcvMethod.Email
            ? "Approve the validation email the certificate authority sends to the approver address for each name."
            : ProductCatalog.Find(item.ProductCode)?.Level == ValidationLevel.Extended
                ? "The certificate authority must verify your organization again for Extended Validation (its earlier checks can no longer be reused): expect a call to the verified phone number and requests for documents."
                : "The certificate authority must verify your organization again (its earlier checks can no longer be reused): expect a call or a request for documents.";
}
