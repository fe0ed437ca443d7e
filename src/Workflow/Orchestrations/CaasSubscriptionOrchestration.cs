using SslFlow.Contracts;
using Microsoft.DurableTask;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// One orchestration per CaaS order (seed 003), instance id = order id, with the order statuses:
/// PENDING ACTIVATION → (subscription opened at the CA) ACTIVATION IN PROGRESS → ACTIVE → CERTIFICATE DISABLED at the end
/// of the term, or → REFUNDED on a cancel inside the refund window.
/// <list type="bullet">
/// <item>The HMAC key never passes through here: <see cref="CreateSubscription"/> stores it and returns the subscription without it.</item>
/// <item>OV: the CA mints the key once it vetted the organization; the webhook (<c>organization.validated</c>, <c>issued</c>,
/// <c>rejected</c>) is raised to this instance, and a slow poll recovers a lost one; either way the create call is made again.</item>
/// <item>Durable timers: order date + <see cref="CaasSettings.ReadableFor"/> → the credential is destroyed; reminders before
/// NotAfter; NotAfter → the key is deactivated at the CA ("term ended") and the order is CERTIFICATE DISABLED.</item>
/// <item>Cancel (the orders' <c>cancel</c> event): before activation or inside the refund window → deactivate at the CA,
/// destroy the credential, refund. A later cancel is ignored here (the HTTP layer already refuses it).</item>
/// <item>Renewal (<see cref="CaasEvents.Renew"/>) while ACTIVE: the CA extends the term (same EAB key), the timeline records
/// it, and the instance continues as new from the active state with the new end of the term. A renew carrying an
/// idempotency key the subscription already applied (a client's retry) is ignored. A renew or cancel that was delivered by
/// the time a deadline fires is handled before that deadline, so the term end never drops an accepted renewal.</item>
/// </list>
/// </summary>
public sealed class CaasSubscriptionOrchestration : SslFlowOrchestrator<CaasSubscriptionInput, CaasSubscriptionResult>
{
    private const string NoDcv = "none";

    /// <summary>CA events that mean "ask again": the organization was vetted, the key was minted, or the order was refused.</summary>
    public static readonly IReadOnlyList<string> WakeEvents = [ValidationEvents.OrganizationValidated, ValidationEvents.Issued, ValidationEvents.Rejected];

    protected override async Task<CaasSubscriptionResult> RunOrchestrationAsync(TaskOrchestrationContext context, CaasSubscriptionInput input)
    {
        // A continued generation starts at the active life; its reminders are those still ahead of its start.
        if (input.Active is { } continued) return await LiveAsync(context, input, continued, remindAfter: Now(context));
        var settings = input.Settings;
        var orderedAt = Now(context);
        await context.CallActivityAsync(ActivityNames.RecordOrder, new RecordOrderInput(new OrderRecord(
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
            subscription = await context.CallActivityAsync<CaasSubscription>(ActivityNames.CreateSubscription, create, Retries.CaCall);
        }
        catch (TaskFailedException ex)
        {
            return await ActivationErrorAsync(context, input, null, Reasons.From(ex.FailureDetails), TransitionCauseKind.Rejected, OrderStatus.PendingActivation);
        }
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
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
                subscription = await context.CallActivityAsync<CaasSubscription>(ActivityNames.CreateSubscription, create, Retries.CaCall);
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
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(200, context.CurrentUtcDateTime, OrderStatus.ActivationInProgress, OrderStatus.Active, OrderSubStatus.None,
                TransitionCauseKind.Issued, OrderActor.CertificateAuthority, $"EAB key {subscription.KeyId} active until {notAfter:u}"),
            new OrderUpdate(CaReference: subscription.CaReference, NotBefore: subscription.NotBefore ?? activeAt, NotAfter: notAfter)), Retries.Transient);
        var state = new CaasActiveState(subscription.CaReference, subscription.KeyId, orderedAt, activeAt, notAfter, CredentialsDestroyed: false,
            activeAt + settings.RefundWindow, Renewals: 0);
        // Reminders after the activation moment, not after the recording of it: that is what this path scheduled before
        // renewal existed (9ea6607), and orders started then replay here; one timer fewer than their history is non-deterministic.
        return await LiveAsync(context, input, state, activeAt, cancel);
    }

    /// <summary>
    /// The life of the active subscription: every deadline is a durable timer, raced against a cancel and a renewal. A
    /// renewal ends this generation with <c>ContinueAsNew</c> (the history stays bounded however often a customer renews);
    /// the next one starts here again with the new end of the term, so reminders and the term end follow it.
    /// </summary>
    /// <param name="remindAfter">Reminders falling at or before it are not scheduled: the activation moment in the first
    /// generation, the generation's start after a renewal.</param>
    private static async Task<CaasSubscriptionResult> LiveAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, CaasActiveState state,
        DateTimeOffset remindAfter, Task<CancelRequest>? cancel = null)
    {
        var settings = input.Settings;
        context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, state.CaReference, null));
        cancel ??= context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel);
        var renew = context.WaitForExternalEvent<CaasRenewRequest>(CaasEvents.Renew);
        var deadlines = new List<(DateTimeOffset At, Deadline Kind, int Index)> { (state.NotAfter, Deadline.TermEnd, 0) };
        // The delivery period runs from the order date and does not restart on renewal (seed 003: no regeneration).
        if (!state.CredentialsDestroyed) deadlines.Add((state.OrderedAt + settings.ReadableFor, Deadline.DestroyCredentials, 0));
        for (var i = 0; i < settings.RemindBefore.Count; i++)
        {
            var at = state.NotAfter - settings.RemindBefore[i];
            if (at > remindAfter) deadlines.Add((at, Deadline.Reminder, i));
        }
        foreach (var next in deadlines.OrderBy(d => d.At).ThenBy(d => d.Kind))
        {
            while (true)
            {
                using var timerCts = new CancellationTokenSource();
                var timer = context.CreateTimer(next.At.UtcDateTime, timerCts.Token);
                var woke = await Task.WhenAny(timer, cancel, renew);
                // An event delivered by the time the deadline fired is handled first: the HTTP route answered 202 for it,
                // and at the term end this generation would otherwise finish and drop it (a renewal accepted just as the
                // term ends must renew, not end the subscription).
                if (woke == timer && cancel.IsCompletedSuccessfully) woke = cancel;
                else if (woke == timer && renew.IsCompletedSuccessfully) woke = renew;
                if (woke == timer) break;
                timerCts.Cancel();
                if (woke == cancel)
                {
                    var request = await cancel;
                    // The refund window counts from the original activation, also after renewals (RefundUntil is carried as it was).
                    if (Now(context) <= state.RefundUntil) return await RefundAsync(context, input, state.CaReference, request.Reason, active: true);
                    cancel = context.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel); // outside the window: keep running
                    continue;
                }
                var asked = await renew;
                if (AlreadyApplied(state, asked) is { } applied)
                {
                    // A client's retry (same Idempotency-Key): no CA call, no timeline entry, no mail; first request wins,
                    // also when the retry asked for another term (the route answered 202 before this could be known).
                    context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, state.CaReference, applied.Term == asked.Term
                        ? "renewal with this Idempotency-Key already applied; the retry was ignored"
                        : $"renewal with this Idempotency-Key already applied with a term of {applied.Term.TotalDays:0.##} days; the request for {asked.Term.TotalDays:0.##} days was ignored"));
                    renew = context.WaitForExternalEvent<CaasRenewRequest>(CaasEvents.Renew);
                    continue;
                }
                var (renewed, afterAttempt) = await RenewAsync(context, input, state, asked);
                if (renewed is null)
                {
                    state = afterAttempt; // the attempt is counted: the next one asks the CA under a key of its own
                    renew = context.WaitForExternalEvent<CaasRenewRequest>(CaasEvents.Renew);
                    continue;
                }
                // A cancel that arrived while the renewal ran was taken by its waiter: handle it here, or it would be lost with this generation.
                if (cancel.IsCompletedSuccessfully)
                {
                    if (Now(context) <= state.RefundUntil) return await RefundAsync(context, input, state.CaReference, cancel.Result.Reason, active: true);
                }
                // Unreceived events (a second renewal, a cancel) are carried into the new generation.
                context.ContinueAsNew(input with { Active = renewed, Revision = CaasSubscriptionInput.CurrentRevision }, preserveUnprocessedEvents: true);
                return new CaasSubscriptionResult(input.OrderId, OrderStatus.Active.Display(), state.CaReference, $"renewed until {renewed.NotAfter:u}");
            }
            switch (next.Kind)
            {
                case Deadline.DestroyCredentials:
                    // With the deadline the API announced as availableUntil: the activity does not destroy before it.
                    await context.CallActivityAsync<bool>(ActivityNames.DestroyCredentials, new DestroyCredentialsInput(input.OrderId, "delivery period over", next.At), Retries.Transient);
                    state = state with { CredentialsDestroyed = true };
                    break;
                case Deadline.Reminder:
                    // Each term's reminders are distinct mails (the sequence is part of the mail's idempotency key).
                    await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.Expiring, ReminderBase + 100 * state.Renewals + next.Index));
                    break;
                case Deadline.TermEnd:
                    return await EndTermAsync(context, input, state.CaReference, state.NotAfter);
            }
        }
        throw new InvalidOperationException("The term end is always the last deadline.");
    }

    /// <summary>Audit and mail sequences of renewal n (from 1): apart from the activation's and the end's.</summary>
    private const int RenewalBase = 400_000;

    private const int ReminderBase = 500;

    /// <summary>
    /// Extends the term at the CA, records it on the timeline (ACTIVE stays ACTIVE, cause renewed, the new NotAfter) and
    /// tells the customer. Each attempt has its own key at the CA (order id + attempt number): a retried activity extends
    /// once, and a later request is never answered with a failed attempt's stored result. When the activity fails (a
    /// refusal, or an answer lost after the CA applied it), the subscription is read back: an end that moved is the
    /// renewal applied, and is recorded as such, or the old end would deactivate a key the customer paid to extend.
    /// Returns the renewed state, or null (with the state counting the attempt) when the term did not move.
    /// </summary>
    private static async Task<(CaasActiveState? Renewed, CaasActiveState State)> RenewAsync(TaskOrchestrationContext context, CaasSubscriptionInput input,
        CaasActiveState state, CaasRenewRequest request)
    {
        // A state written before the attempt counter existed made one attempt per applied renewal (keys renewal-1..n).
        var attempt = Math.Max(state.RenewalAttempts, state.Renewals) + 1;
        state = state with { RenewalAttempts = attempt };
        DateTimeOffset notAfter;
        string? keyId;
        var readBack = false;
        try
        {
            var renewed = await context.CallActivityAsync<CaasSubscription>(ActivityNames.RenewSubscription,
                new RenewSubscriptionInput(input.Provider, state.CaReference, $"{input.OrderId}/renewal-{attempt}", request.Term), Retries.CaCall);
            // The CA's end is authoritative (its own clock and rounding); the timers must agree with it.
            notAfter = renewed.NotAfter ?? state.NotAfter + request.Term;
            keyId = renewed.KeyId;
        }
        catch (TaskFailedException ex)
        {
            // A generation started before revision 1 did not read back: it replays without the read (its history has none).
            var atCa = input.Revision >= 1 ? await ReadBackAsync(context, input, state) : null;
            if (atCa?.NotAfter is not { } moved || moved <= state.NotAfter)
            {
                context.SetCustomStatus(new OrderProgress(OrderStatus.Active.Display(), null, state.CaReference, $"renewal refused: {Reasons.From(ex.FailureDetails)}"));
                return (null, state);
            }
            notAfter = moved;
            keyId = atCa.KeyId;
            readBack = true;
        }
        var sequence = state.Renewals + 1;
        // Only NotAfter changes: NotBefore stays the activation, which the cancel route's refund-window check reads.
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
            new OrderTransition(RenewalBase + sequence, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Active, OrderSubStatus.None,
                TransitionCauseKind.Renewed, request.Actor, $"Term renewed by {request.RequestedBy}: EAB key {state.KeyId ?? keyId} active until {notAfter:u}"
                    + (readBack ? " (the CA's answer was lost; its end read back)" : "")),
            new OrderUpdate(NotAfter: notAfter)), Retries.Transient);
        await Notify.SendAsync(context, new NotifyCustomerInput(input.OrderId, NotificationKind.SubscriptionRenewed, RenewalBase + sequence));
        var applied = state.AppliedRenewals;
        if (request.IdempotencyKey is { } key)
        {
            applied = [.. (applied ?? []).TakeLast(CaasActiveState.MaxAppliedRenewals - 1), new CaasAppliedRenewal(key, request.Term)];
        }
        var next = state with { NotAfter = notAfter, Renewals = sequence, AppliedRenewals = applied };
        return (next, next);
    }

    /// <summary>The subscription as the CA has it, or null when it cannot be read either (then the term is taken as unchanged).</summary>
    private static async Task<CaasSubscription?> ReadBackAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, CaasActiveState state)
    {
        try
        {
            return await context.CallActivityAsync<CaasSubscription>(ActivityNames.GetSubscription, new GetSubscriptionInput(input.Provider, state.CaReference), Retries.CaCall);
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    /// <summary>The applied renewal with the request's idempotency key, or null (no key, or not applied yet: a refused one may be retried).</summary>
    private static CaasAppliedRenewal? AlreadyApplied(CaasActiveState state, CaasRenewRequest request) =>
        request.IdempotencyKey is { } key ? state.AppliedRenewals?.FirstOrDefault(a => a.Key == key) : null;

    private enum Deadline
    {
        DestroyCredentials,
        Reminder,
        TermEnd,
    }

    private static async Task<CaasSubscriptionResult> EndTermAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string caReference, DateTimeOffset notAfter)
    {
        await DeactivateAsync(context, input, caReference, "term ended");
        await context.CallActivityAsync<bool>(ActivityNames.DestroyCredentials, new DestroyCredentialsInput(input.OrderId, "term ended"), Retries.Transient);
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
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
        await context.CallActivityAsync<bool>(ActivityNames.DestroyCredentials, new DestroyCredentialsInput(input.OrderId, "cancelled"), Retries.Transient);
        if (active)
        {
            // ACTIVE has no edge to TO BE REFUNDED: a cancel after activation goes through REVOKED (cause cancel), as for certificates.
            await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
                new OrderTransition(299, context.CurrentUtcDateTime, OrderStatus.Active, OrderStatus.Revoked, OrderSubStatus.None, TransitionCauseKind.Cancelled,
                    OrderActor.Customer, "EAB key deactivated at the CA"), new OrderUpdate()), Retries.Transient);
        }
        await RefundPath.RunAsync(context, input.OrderId, reason, OrderActor.Customer, 300);
        return new CaasSubscriptionResult(input.OrderId, OrderStatus.Refunded.Display(), caReference, reason);
    }

    private static async Task<CaasSubscriptionResult> ActivationErrorAsync(TaskOrchestrationContext context, CaasSubscriptionInput input, string? caReference, string reason,
        TransitionCauseKind cause, OrderStatus from)
    {
        await context.CallActivityAsync(ActivityNames.RecordTransition, new RecordTransitionInput(input.OrderId,
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
            await context.CallActivityAsync<CaasSubscription>(ActivityNames.DeactivateSubscription, new DeactivateSubscriptionInput(input.Provider, caReference, reason), Retries.CaCall);
        }
        catch (TaskFailedException)
        {
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
