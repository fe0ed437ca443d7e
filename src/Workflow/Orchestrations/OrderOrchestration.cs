using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// One orchestration per order: record it, run the issuance pipeline, and land in ACTIVE. A cancel at any wait
/// goes TO BE REFUNDED → REFUNDED. When the CA or DCV fails: ACTIVATION ERROR with the reason, the refund path,
/// then rethrow so the portal shows the failed instance.
/// </summary>
public sealed class OrderOrchestration : IOrchestration<OrderInput, OrderResult>
{
    public async Task<OrderResult> RunAsync(IOrchestrationContext context, OrderInput input)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var certificateName = CertificateNames.For(input.OrderId);
        await context.CallActivityAsync(nameof(RecordOrder), new RecordOrderInput(new OrderRecord(
            input.OrderId, input.ProductCode, input.DnsNames, input.DcvMethod.ToString(), input.ContactEmail,
            OrderStatus.PendingActivation, OrderSubStatus.None, now, now, input.CaName, CertificateName: certificateName, Customer: input.Customer)), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.PendingActivation.Display(), null, null, "submission to the certificate authority"));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.OrderReceived, 0));

        // The order may be cancelled at any wait until it is issued: the cancel event races the issuance pipeline.
        using var stopListening = new CancellationTokenSource();
        var cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel, stopListening.Token);
        var issue = context.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
            new IssueCertificateInput(input.OrderId, 0, input.CaName, input.ProductCode, input.DnsNames, input.DcvMethod, input.ContactEmail,
                certificateName, input.Key, SequenceBase: 100),
            new SubOrchestrationOptions($"{input.OrderId}:issue:0"));
        if (await Task.WhenAny(issue, cancel) == cancel)
        {
            var request = await cancel;
            await context.CallActivityAsync(nameof(CancelCaOrder), new CancelCaOrderInput(input.CaName, null, certificateName), Retries.Transient);
            await RefundPath.RunAsync(context, input.OrderId, request.Reason, OrderActor.Customer, 300);
            return new OrderResult(input.OrderId, OrderStatus.Refunded.Display(), null, request.Reason);
        }
        stopListening.Cancel(); // later cancel requests go to the cancel-after-issuance path

        try
        {
            var issued = await issue;

            await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
                new OrderTransition(200, context.CurrentUtcDateTime, OrderStatus.ActivationInProgress, OrderStatus.Active, OrderSubStatus.None,
                    TransitionCauseKind.Issued, OrderActor.CertificateAuthority, $"Certificate {issued.SerialNumber} valid until {issued.NotAfter:u}"),
                new OrderUpdate(SerialNumber: issued.SerialNumber, Thumbprint: issued.Thumbprint, NotBefore: issued.NotBefore, NotAfter: issued.NotAfter)), Retries.Transient);
            await context.CallActivityAsync(nameof(UpdateInventory), new UpdateInventoryInput(new InventoryItem(
                input.OrderId, input.ProductCode, input.DnsNames, input.CaName, input.DcvMethod, input.ContactEmail, certificateName, input.Key,
                issued.SerialNumber, issued.NotBefore, issued.NotAfter, RenewalPolicy.RenewAt(input.OrderId + issued.SerialNumber, issued.NotBefore, issued.NotAfter))), Retries.Transient);
            context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, null, null));
            await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Issued, 200));
            return new OrderResult(input.OrderId, OrderStatus.Active.Display(), issued, null);
        }
        catch (SubOrchestrationFailedException ex)
        {
            var reason = Reasons.From(ex.FailureDetails);
            await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
                new OrderTransition(201, context.CurrentUtcDateTime, null, OrderStatus.ActivationError, OrderSubStatus.None,
                    TransitionCauseKind.Rejected, OrderActor.CertificateAuthority, reason),
                new OrderUpdate(LastError: reason)), Retries.Transient);
            context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationError.Display(), null, null, null));
            await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.ActivationError, 201, reason));
            await context.CallActivityAsync(nameof(CancelCaOrder), new CancelCaOrderInput(input.CaName, null, certificateName), Retries.Transient);
            await RefundPath.RunAsync(context, input.OrderId, $"Activation error: {reason}", OrderActor.System, 202, TransitionCauseKind.RefundDue);
            throw;
        }
    }
}
