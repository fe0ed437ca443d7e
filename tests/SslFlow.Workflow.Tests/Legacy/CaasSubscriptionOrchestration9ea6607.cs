using Microsoft.DurableTask;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Orders;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;

namespace SslFlow.Workflow.Tests.Legacy;

/// <summary>
/// The subscription orchestration as main ran it at 9ea6607 (before term renewal), kept as it was apart from its name and
/// namespace. Orders started then replay on the current code, which must schedule the same actions in the same order
/// (Durable checks a replay against the recorded history); the replay tests run both on the same script and compare.
/// </summary>
public sealed class CaasSubscriptionOrchestration9ea6607 : SslFlowOrchestrator<CaasSubscriptionInput, CaasSubscriptionResult>
{
    private const string NoDcv = "none";

    /// <summary>CA events that mean "ask again": the organization was vetted, the key was minted, or the order was refused.</summary>
    public static readonly IReadOnlyList<string> WakeEvents = [ValidationEvents.OrganizationValidated, ValidationEvents.Issued, ValidationEvents.Rejected];

    protected override async Task<CaasSubscriptionResult> RunOrchestrationAsync(TaskOrchestrationContext context, CaasSubscriptionInput input)
    {
        var settings = input.Settings;
        var orderedAt = Now(context);
        await context.CallActivityAsync(nameof(RecordOrder), new RecordOrderInput(new OrderRecord(
            input.OrderId, input.ProductCode, [], NoDcv, input.ContactEmail, OrderStatus.PendingActivation, OrderSubStatus.None, orderedAt, orderedAt,
            input.Provider, Customer: input.Customer, WorkflowInstanceId: context.InstanceId)), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.PendingActivation.Display(), null, null, "subscription at the certificate authority"));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.OrderReceived, 0));

        var cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel);
        if (cancel.IsCompletedSuccessfully) return await RefundAsync(context, input, null, cancel.Result.Reason, active: false);

        var create = new CreateSubscriptionInput(input.OrderId, input.Provider,
            new CaasRequest(input.OrderId, input.ProductCode, input.Term, input.Customer, input.ContactEmail, input.OrganizationName), orderedAt);
        CaasSubscription subscription;
        try
        {
            subscription = await context.CallActivityAsync<CaasSubscription>(nameof(CreateSubscription), create, Retries.CaCall);
        }
        catch (TaskFailedException ex)
        {
            return await ActivationErrorAsync(context, input, null, Reasons.From(ex.FailureDetails), TransitionCauseKind.Rejected, OrderStatus.PendingActivation);
        }
        await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
            new OrderTransition(100, context.CurrentUtcDateTime, OrderStatus.PendingActivation, OrderStatus.ActivationInProgress,
                subscription.Status == CaasStatus.PendingValidation ? OrderSubStatus.OrganizationChecks : OrderSubStatus.None,
                TransitionCauseKind.Submitted, OrderActor.System, $"Subscription {subscription.CaReference} opened"),
            new OrderUpdate(CaReference: subscription.CaReference)), Retries.Transient);

        // OV: wait until the CA vetted the organization (event or poll), then ask again for the key.
        var deadline = orderedAt + settings.ValidationDeadline;
        while (subscription.Status == CaasStatus.PendingValidation)
        {
            context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationInProgress.Display(), OrderSubStatus.OrganizationChecks.Display(), subscription.CaReference, "organization validation"));
            if (Now(context) >= deadline)
            {
                return await ActivationErrorAsync(context, input, subscription.CaReference, "The organization was not validated before the deadline.", TransitionCauseKind.TimedOut, OrderStatus.ActivationInProgress);
            }
            using var stopWaiting = new CancellationTokenSource();
            var wake = Min(Now(context) + settings.ValidationPollInterval, deadline);
            var waits = WakeEvents.Select(e => (Task)context.WaitForExternalEvent<ValidationEvent>(e, stopWaiting.Token)).ToList();
            waits.Add(context.CreateTimer(wake.UtcDateTime, stopWaiting.Token));
            waits.Add(cancel);
            var woke = await Task.WhenAny(waits);
            stopWaiting.Cancel();
            if (woke == cancel) return await RefundAsync(context, input, subscription.CaReference, cancel.Result.Reason, active: false);
            try
            {
                subscription = await context.CallActivityAsync<CaasSubscription>(nameof(CreateSubscription), create, Retries.CaCall);
            }
            catch (TaskFailedException ex)
            {
                return await ActivationErrorAsync(context, input, subscription.CaReference, Reasons.From(ex.FailureDetails), TransitionCauseKind.Rejected, OrderStatus.ActivationInProgress);
            }
        }
        if (subscription.Status != CaasStatus.Active || subscription.NotAfter is not { } notAfter)
        {
            return await ActivationErrorAsync(context, input, subscription.CaReference, subscription.Reason ?? $"The CA answered {subscription.Status}.",
                TransitionCauseKind.Rejected, OrderStatus.ActivationInProgress);
        }

        var activeAt = Now(context);
        await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
            new OrderTransition(200, context.CurrentUtcDateTime, OrderStatus.ActivationInProgress, OrderStatus.Active, OrderSubStatus.None,
                TransitionCauseKind.Issued, OrderActor.CertificateAuthority, $"EAB key {subscription.KeyId} active until {notAfter:u}"),
            new OrderUpdate(CaReference: subscription.CaReference, NotBefore: subscription.NotBefore ?? activeAt, NotAfter: notAfter)), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, subscription.CaReference, null));

        // The life of the active subscription: every deadline is a durable timer, raced against a cancel.
        var refundUntil = activeAt + settings.RefundWindow;
        var deadlines = new List<(DateTimeOffset At, Deadline Kind, int Index)> { (orderedAt + settings.ReadableFor, Deadline.DestroyCredentials, 0), (notAfter, Deadline.TermEnd, 0) };
        for (var i = 0; i < settings.RemindBefore.Count; i++)
        {
            var at = notAfter - settings.RemindBefore[i];
            if (at > activeAt) deadlines.Add((at, Deadline.Reminder, i));
        }
        foreach (var next in deadlines.OrderBy(d => d.At).ThenBy(d => d.Kind))
        {
            while (true)
            {
                using var timerCts = new CancellationTokenSource();
                var timer = context.CreateTimer(next.At.UtcDateTime, timerCts.Token);
                if (await Task.WhenAny(timer, cancel) == timer) break;
                timerCts.Cancel();
                var request = await cancel;
                if (Now(context) <= refundUntil) return await RefundAsync(context, input, subscription.CaReference, request.Reason, active: true);
                cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel); // outside the window: keep running
            }
            switch (next.Kind)
            {
                case Deadline.DestroyCredentials:
                    await context.CallActivityAsync<bool>(nameof(DestroyCredentials), new DestroyCredentialsInput(input.OrderId, "delivery period over"), Retries.Transient);
                    break;
                case Deadline.Reminder:
                    await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Expiring, 500 + next.Index));
                    break;
                case Deadline.TermEnd:
                    return await EndTermAsync(context, input, subscription.CaReference, notAfter);
            }
        }
        throw new InvalidOperationException("The term end is always the last deadline.");
    }

    private enum Deadline
    {
        DestroyCredentials,
        Reminder,
        TermEnd,
    }

    private static async Task<CaasSubscriptionResult> EndTermAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string caReference, DateTimeOffset notAfter)
    {
        await DeactivateAsync(context, input, caReference, "term ended");
        await context.CallActivityAsync<bool>(nameof(DestroyCredentials), new DestroyCredentialsInput(input.OrderId, "term ended"), Retries.Transient);
        await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
            new OrderTransition(900_000, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.CertificateDisabled, OrderSubStatus.None,
                TransitionCauseKind.Expired, OrderActor.System, $"Subscription term ended at {notAfter:u}"), new OrderUpdate()), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.CertificateDisabled.Display(), null, caReference, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Disabled, 900_000));
        return new CaasSubscriptionResult(input.OrderId, OrderStatus.CertificateDisabled.Display(), caReference, "term ended");
    }

    /// <summary>Cancel before activation or inside the refund window: the key is deactivated at the CA and destroyed here, then the refund path.</summary>
    private static async Task<CaasSubscriptionResult> RefundAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string? caReference, string reason, bool active)
    {
        if (caReference is not null) await DeactivateAsync(context, input, caReference, reason);
        await context.CallActivityAsync<bool>(nameof(DestroyCredentials), new DestroyCredentialsInput(input.OrderId, "cancelled"), Retries.Transient);
        if (active)
        {
            // ACTIVE has no edge to TO BE REFUNDED: a cancel after activation goes through REVOKED (cause cancel), as for certificates.
            await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
                new OrderTransition(299, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Cancelled,
                    OrderActor.Customer, "EAB key deactivated at the CA"), new OrderUpdate()), Retries.Transient);
        }
        await RefundPath.RunAsync(context, input.OrderId, reason, OrderActor.Customer, 300);
        return new CaasSubscriptionResult(input.OrderId, OrderStatus.Refunded.Display(), caReference, reason);
    }

    private static async Task<CaasSubscriptionResult> ActivationErrorAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string? caReference, string reason,
        TransitionCauseKind cause, OrderStatus from)
    {
        await context.CallActivityAsync(nameof(RecordTransition), new RecordTransitionInput(input.OrderId,
            new OrderTransition(201, context.CurrentUtcDateTime, from, OrderStatus.ActivationError, OrderSubStatus.None, cause,
                cause == TransitionCauseKind.TimedOut ? OrderActor.System : OrderActor.CertificateAuthority, reason),
            new OrderUpdate(LastError: reason)), Retries.Transient);
        context.SetCustomStatus(new OrderProgress(OrderStatus.ActivationError.Display(), null, caReference, null));
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.ActivationError, 201, reason));
        if (caReference is not null) await DeactivateAsync(context, input, caReference, reason);
        await RefundPath.RunAsync(context, input.OrderId, $"Activation error: {reason}", OrderActor.System, 202, TransitionCauseKind.RefundDue);
        return new CaasSubscriptionResult(input.OrderId, OrderStatus.Refunded.Display(), caReference, reason);
    }

    /// <summary>Best effort after the CA's own retries: a CA that will not deactivate must not keep the refund or the end of the term back.</summary>
    private static async Task DeactivateAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string caReference, string reason)
    {
        try
        {
            await context.CallActivityAsync<CaasSubscription>(nameof(DeactivateSubscription), new DeactivateSubscriptionInput(input.Provider, caReference, reason), Retries.CaCall);
        }
        catch (TaskFailedException)
        {
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
