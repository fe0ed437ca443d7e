using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// One orchestration per order: record it, run the issuance pipeline, and land in ACTIVE.
/// <list type="bullet">
/// <item>Cancel: the HTTP layer raises <c>cancel</c> to this instance and to the pipeline (<see cref="IssuanceInstanceId"/>),
/// which stops at whatever it waits for and cancels at the CA. This instance races the pipeline with the same event, gives
/// it <see cref="CancelGrace"/> to stop, then goes TO BE REFUNDED → REFUNDED. When the pipeline had already finalized and
/// the certificate comes out anyway, it is recorded ACTIVE and then revoked and refunded (cancel after issuance).</item>
/// <item>CA rejection or a validation deadline: ACTIVATION ERROR with the reason (cause ca-rejected or timeout), the
/// refund path, then rethrow so the portal shows the failed instance.</item>
/// </list>
/// </summary>
public sealed class OrderOrchestration : SslFlowOrchestrator<OrderInput, OrderResult>
{
    /// <summary>How long a cancelled order waits for its pipeline to confirm before refunding regardless.</summary>
    public static readonly TimeSpan CancelGrace = TimeSpan.FromMinutes(10);

    /// <summary>The pipeline instance of a new order: deterministic, so the HTTP layer can send it the cancel too.</summary>
    public static string IssuanceInstanceId(string orderId) => $"{orderId}:issue:0";

    protected override async Task<OrderResult> RunOrchestrationAsync(TaskOrchestrationContext context, OrderInput input)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var certificateName = CertificateNames.For(input.OrderId);
        await context.CallActivityAsync(ActivityNames.RecordOrder, new RecordOrderInput(new OrderRecord(
            input.OrderId, input.ProductCode, input.DnsNames, input.DcvMethod.ToString(), input.ContactEmail,
            OrderStatus.PendingActivation, OrderSubStatus.None, now, now, input.CaName, CertificateName: certificateName, Customer: input.Customer,
            WorkflowInstanceId: context.InstanceId, Warnings: input.Warnings, Subject: input.Subject)), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.PendingActivation.Display(), null, null, "submission to the certificate authority"));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.OrderReceived, 0));

        using var stopListening = new CancellationTokenSource();
        var cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel, stopListening.Token);
        if (cancel.IsCompletedSuccessfully)
        {
            // Cancelled before anything was placed at the CA.
            return await RefundCancelledAsync(context, input, certificateName, cancel.Result.Reason);
        }
        if (input.Saved is not null)
        {
            // A purchase: wait for its activation details (reminders, expiry); cancelled or lapsed, it is refunded with no CA call.
            var saved = await SavedOrderWait.RunAsync(context, input, cancel);
            if (saved.Activated is null) return saved.Refunded!;
            input = saved.Activated;
        }

        var issue = context.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
            new IssueCertificateInput(input.OrderId, 0, input.CaName, input.ProductCode, input.DnsNames, input.DcvMethod, input.ContactEmail,
                certificateName, input.Key, SequenceBase: 100, ValidationPollInterval: input.ValidationPollInterval, ApproverEmail: input.ApproverEmail, Subject: input.Subject,
                OrganizationProfileId: input.OrganizationProfileId),
            SubOrchestration.WithInstanceId(IssuanceInstanceId(input.OrderId)));
        if (await Task.WhenAny(issue, cancel) == cancel)
        {
            var request = await cancel;
            // Pass the cancel on: the HTTP layer raises it to the pipeline too, but Durable drops an event raised to an
            // instance that does not exist yet, so a pipeline that was still starting would never hear it. A second copy
            // is harmless: the pipeline listens for one cancel.
            context.SendEvent(IssuanceInstanceId(input.OrderId), OrderEvents.Cancel, request);
            using var graceCts = new CancellationTokenSource();
            var grace = context.CreateTimer(context.CurrentUtcDateTime + CancelGrace, graceCts.Token);
            if (await Task.WhenAny(issue, grace) == issue)
            {
                graceCts.Cancel();
                if (issue.IsCompletedSuccessfully)
                {
                    return await RevokeIssuedAfterCancelAsync(context, input, certificateName, issue.Result, request.Reason);
                }
            }
            return await RefundCancelledAsync(context, input, certificateName, request.Reason);
        }
        stopListening.Cancel(); // later cancel requests go to the cancel-after-issuance path

        IssuedCertificate issued;
        try
        {
            // Only the pipeline's own failure is handled here: the SDK reports it as a TaskFailedException, the same type
            // as a failed activity, so the steps after issuance stay outside this try.
            issued = await issue;
        }
        catch (TaskFailedException ex) when (ex.FailureDetails.HasCause<IssuanceCancelledException>())
        {
            // The pipeline heard the cancel first (it was raised to both instances).
            return await RefundCancelledAsync(context, input, certificateName, Reasons.From(ex.FailureDetails));
        }
        catch (TaskFailedException ex)
        {
            var reason = Reasons.From(ex.FailureDetails);
            var cause = ex.FailureDetails.HasCause<ValidationTimedOutException>() ? TransitionCauseKind.TimedOut : TransitionCauseKind.Rejected;
            await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
                new OrderTransition(201, context.CurrentUtcDateTime, null, OrderStatus.ActivationError, OrderSubStatus.None,
                    cause, cause == TransitionCauseKind.TimedOut ? OrderActor.System : OrderActor.CertificateAuthority, reason),
                new OrderUpdate(LastError: reason)).Keyed(context), Retries.Transient);
            context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationError.Display(), null, null, null));
            await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.ActivationError, 201, reason));
            await CancelAtCaAsync(context, input, certificateName);
            await RefundPath.RunAsync(context, input.OrderId, $"Activation error: {reason}", OrderActor.System, 202, TransitionCauseKind.RefundDue);
            throw; // the instance ends failed (counted on sslflow.orchestrations.failed) so the portal shows it
        }

        await RecordActiveAsync(context, input, issued);
        await context.CallActivityAsync(ActivityNames.UpdateInventory, new UpdateInventoryInput(new InventoryItem(
            input.OrderId, input.ProductCode, input.DnsNames, input.CaName, input.DcvMethod, input.ContactEmail, certificateName, input.Key,
            issued.SerialNumber, issued.NotBefore, issued.NotAfter, RenewalPolicy.RenewAt(input.OrderId + issued.SerialNumber, issued.NotBefore, issued.NotAfter),
            Subject: input.Subject)), Retries.Transient); // renewals ask for the same subject
        context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, null, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Issued, 200));
        if (input.InstallTargets is { Count: > 0 } targets) await Install.RunAsync(context, input.OrderId, issued, targets); // issue 17
        if (input.Subject?.Organization is { } organization) await RecordVettingAsync(context, input, organization);
        return new OrderResult(input.OrderId, OrderStatus.Active.Display(), issued, null);
    }

    /// <summary>
    /// The customer's organization profile learns the vetting this order completed (issue 16). Last, so instances already
    /// past issuance replay unchanged; best effort: the certificate is ACTIVE whatever happens to the profile.
    /// </summary>
    private static async Task RecordVettingAsync(TaskOrchestrationContext context, OrderInput input, Domain.Organizations.Organization organization)
    {
        try
        {
            await context.CallActivityAsync<bool>(ActivityNames.RecordOrganizationVetting, new RecordOrganizationVettingInput(input.OrderId, input.Customer, input.ProductCode,
                input.CaName, organization, input.OrganizationProfileId), Retries.Transient);
        }
        catch (TaskFailedException)
        {
        }
    }

    private static async Task<OrderResult> RefundCancelledAsync(TaskOrchestrationContext context, OrderInput input, string certificateName, string reason)
    {
        await CancelAtCaAsync(context, input, certificateName);
        await RefundPath.RunAsync(context, input.OrderId, reason, OrderActor.Customer, 300);
        return new OrderResult(input.OrderId, OrderStatus.Refunded.Display(), null, reason);
    }

    /// <summary>The certificate came out while the cancel was on its way: ACTIVE, then revoke and refund like any cancel inside the refund window.</summary>
    private static async Task<OrderResult> RevokeIssuedAfterCancelAsync(TaskOrchestrationContext context, OrderInput input, string certificateName, IssuedCertificate issued, string reason)
    {
        await RecordActiveAsync(context, input, issued);
        await context.CallSubOrchestratorAsync<string>(nameof(CancelIssuedOrchestration),
            new CancelIssuedRequest(input.OrderId, input.CaName, certificateName, reason), SubOrchestration.WithInstanceId(CancelIssuedInstanceId(input.OrderId)));
        return new OrderResult(input.OrderId, OrderStatus.Refunded.Display(), null, reason);
    }

    /// <summary>The cancel-after-issuance instance of an order; the HTTP layer uses the same id, so a second request finds it.</summary>
    public static string CancelIssuedInstanceId(string orderId) => $"cancel-{orderId}";

    private static Task RecordActiveAsync(TaskOrchestrationContext context, OrderInput input, IssuedCertificate issued) =>
        context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(200, context.CurrentUtcDateTime, OrderStatus.ActivationInProgress, OrderStatus.Active, OrderSubStatus.None,
                TransitionCauseKind.Issued, OrderActor.CertificateAuthority, $"Certificate {issued.SerialNumber} valid until {issued.NotAfter:u}"),
            new OrderUpdate(SerialNumber: issued.SerialNumber, Thumbprint: issued.Thumbprint, NotBefore: issued.NotBefore, NotAfter: issued.NotAfter)).Keyed(context), Retries.Transient);

    /// <summary>Best effort: a CA that refuses to cancel (already rejected, expired) must not keep the customer's refund back.</summary>
    private static async Task CancelAtCaAsync(TaskOrchestrationContext context, OrderInput input, string certificateName)
    {
        try
        {
            await context.CallActivityAsync(ActivityNames.CancelCaOrder, new CancelCaOrderInput(input.CaName, null, certificateName, input.OrderId), Retries.Transient);
        }
        catch (TaskFailedException)
        {
        }
    }
}
