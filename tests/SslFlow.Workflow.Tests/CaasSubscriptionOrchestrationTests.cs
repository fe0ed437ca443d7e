using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;

namespace SslFlow.Workflow.Tests;

/// <summary>The CaaS subscription's life on the scripted context: timers move its clock, events arrive as Durable delivers them.</summary>
public sealed class CaasSubscriptionOrchestrationTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Term = TimeSpan.FromDays(365);
    private static readonly CaasSettings Settings = CaasSettings.Default;

    private static CaasSubscriptionInput Input(string product = "caas-dv", CaasSettings? settings = null) =>
        new("ord-c1", product, Term, "sandbox", "customer-1", "ops@example.com", product == "caas-ov" ? "Example Ltd" : null, settings ?? Settings,
            Revision: CaasSubscriptionInput.CurrentRevision);

    private static CaasSubscription Active(DateTime at) =>
        new("sub-1", CaasStatus.Active, "caas-kid", at, at + Term, null, ["subscription.created", "key.issued"]);

    private static ScriptedContext Context()
    {
        var ctx = new ScriptedContext("ord-c1", Start);
        ctx.On(nameof(CreateSubscription), _ => Active(Start));
        ctx.On(nameof(DeactivateSubscription), _ => Active(Start) with { Status = CaasStatus.Deactivated });
        ctx.On(nameof(Refund), "refund-1");
        return ctx;
    }

    private static List<OrderTransition> Transitions(ScriptedContext ctx) => ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Select(i => i.Transition).ToList();

    [Fact]
    public async Task Dv_becomes_active_destroys_the_credential_after_seven_days_reminds_and_is_disabled_at_the_end_of_the_term()
    {
        var ctx = Context();

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());

        Assert.Equal("CERTIFICATE DISABLED", result.Status);
        Assert.Equal("sub-1", result.CaReference);
        var create = Assert.Single(ctx.Inputs<CreateSubscriptionInput>(nameof(CreateSubscription)));
        Assert.Equal(new CaasRequest("ord-c1", "caas-dv", Term, "customer-1", "ops@example.com"), create.Request);
        Assert.Equal(Start, create.OrderedAt.UtcDateTime);
        Assert.Equal([OrderStatus.ActivationInProgress, OrderStatus.Active, OrderStatus.CertificateDisabled], Transitions(ctx).Select(t => t.To));
        Assert.Equal("sub-1", ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).First().Update.CaReference); // tracking by CA reference
        // Timers in order: destroy at order date + 7 days, reminders 30 and 7 days before the end, the end.
        var end = Start + Term;
        Assert.Equal([Start.AddDays(7), end.AddDays(-30), end.AddDays(-7), end], ctx.Timers);
        Assert.Equal(["RecordOrder", "NotifyCustomer", "CreateSubscription", "RecordTransition", "RecordTransition", "DestroyCredentials", "NotifyCustomer", "NotifyCustomer",
            "DeactivateSubscription", "DestroyCredentials", "RecordTransition", "NotifyCustomer"], ctx.Names);
        Assert.Equal("term ended", ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)).Single().Reason);
        Assert.Equal([NotificationKind.OrderReceived, NotificationKind.Expiring, NotificationKind.Expiring, NotificationKind.Disabled], ctx.Emails.Select(e => e.Kind));
        // The record has no names and the provider as its CA.
        var record = ctx.Inputs<RecordOrderInput>(nameof(RecordOrder)).Single().Order;
        Assert.Empty(record.DnsNames);
        Assert.Equal("sandbox", record.CaName);
        Assert.Equal("ord-c1", record.WorkflowInstanceId);
    }

    [Fact]
    public async Task Cancel_inside_the_refund_window_deactivates_the_key_destroys_the_credential_and_refunds()
    {
        var ctx = Context();
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        Assert.False(run.IsCompleted); // ACTIVE, waiting for its first deadline
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("changed my mind", "customer"));
        var result = await run;

        Assert.Equal("REFUNDED", result.Status);
        var deactivate = Assert.Single(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
        Assert.Equal(("sandbox", "sub-1", "changed my mind"), (deactivate.Provider, deactivate.CaReference, deactivate.Reason));
        Assert.Single(ctx.Inputs<DestroyCredentialsInput>(nameof(DestroyCredentials)));
        Assert.Equal([OrderStatus.ActivationInProgress, OrderStatus.Active, OrderStatus.Revoked, OrderStatus.ToBeRefunded, OrderStatus.Refunded], Transitions(ctx).Select(t => t.To));
        Assert.Equal(TransitionCauseKind.Cancelled, Transitions(ctx)[2].Cause);
        Assert.Single(ctx.Inputs<RefundInput>(nameof(Refund)));
        Assert.True(ctx.Names.ToList().IndexOf(nameof(DeactivateSubscription)) < ctx.Names.ToList().IndexOf(nameof(Refund)));
    }

    [Fact]
    public void Cancel_after_the_refund_window_changes_nothing_and_the_subscription_runs_on()
    {
        var ctx = Context();
        var end = Start + Term;
        ctx.HoldTimers = at => at >= end.AddDays(-30); // the 7-day destroy fires (after the 1-day refund window); the rest waits

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input(settings: Settings with { RefundWindow = TimeSpan.FromDays(1) }));
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("too late", "customer"));

        Assert.False(run.IsCompleted);
        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
        Assert.Empty(ctx.Inputs<RefundInput>(nameof(Refund)));
        Assert.Single(ctx.Inputs<DestroyCredentialsInput>(nameof(DestroyCredentials)));
        Assert.Equal(1, ctx.WaitersFor(OrderEvents.Cancel)); // listening again
    }

    [Fact]
    public async Task Ov_waits_for_the_organization_then_asks_again_for_the_key()
    {
        var ctx = Context();
        var calls = 0;
        ctx.On(nameof(CreateSubscription), _ => ++calls == 1
            ? new CaasSubscription("sub-1", CaasStatus.PendingValidation, null, null, null, null, ["subscription.created"])
            : Active(ctx.Now));
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input("caas-ov"));
        Assert.Equal(1, calls);
        Assert.Equal(OrderSubStatus.OrganizationChecks, Transitions(ctx).Single().SubStatus);
        Assert.Equal(Start + Settings.ValidationPollInterval, ctx.Timers.Single()); // the slow poll
        ctx.Raise(ValidationEvents.OrganizationValidated, new ValidationEvent(ValidationEvents.OrganizationValidated, "sub-1"));

        Assert.Equal(2, calls);
        Assert.Equal([OrderStatus.ActivationInProgress, OrderStatus.Active], Transitions(ctx).Select(t => t.To));
        Assert.Equal("Example Ltd", ctx.Inputs<CreateSubscriptionInput>(nameof(CreateSubscription)).First().Request.OrganizationName);
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
        Assert.Equal("REFUNDED", (await run).Status);
    }

    [Fact]
    public async Task Ov_not_validated_before_the_deadline_ends_in_activation_error_and_refund()
    {
        var ctx = Context();
        ctx.On(nameof(CreateSubscription), _ => new CaasSubscription("sub-1", CaasStatus.PendingValidation, null, null, null, null, []));

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object,
            Input("caas-ov", Settings with { ValidationPollInterval = TimeSpan.FromDays(1), ValidationDeadline = TimeSpan.FromDays(3) }));

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal(3, ctx.Timers.Count); // polled daily until the deadline
        Assert.Equal(4, ctx.Inputs<CreateSubscriptionInput>(nameof(CreateSubscription)).Count());
        var error = Transitions(ctx).Single(t => t.To == OrderStatus.ActivationError);
        Assert.Equal(TransitionCauseKind.TimedOut, error.Cause);
        Assert.Equal("sub-1", ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)).Single().CaReference);
        Assert.Equal(OrderStatus.Refunded, Transitions(ctx)[^1].To);
    }

    [Fact]
    public async Task A_refusal_at_creation_is_an_activation_error_and_a_refund()
    {
        var ctx = Context();
        ctx.On(nameof(CreateSubscription), _ => throw ScriptedContext.Failure(nameof(CreateSubscription), new CaOrderFailedException("Sandbox CA: unknown product")));

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal([OrderStatus.ActivationError, OrderStatus.ToBeRefunded, OrderStatus.Refunded], Transitions(ctx).Select(t => t.To));
        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
    }

    [Fact]
    public async Task CreateSubscription_stores_the_credential_and_returns_the_subscription_without_the_secret()
    {
        var credential = new EabCredential("caas-kid", "c2VjcmV0LWhtYWMta2V5", new Uri("https://pebble.test/dir"));
        var provider = new Mock<ICaasProvider>();
        provider.SetupGet(p => p.Name).Returns("sandbox");
        provider.Setup(p => p.CreateSubscriptionAsync(It.IsAny<CaasRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CaasSubscription("sub-1", CaasStatus.Active, "caas-kid", Start, Start + Term, credential, []));
        var store = new Mock<ICredentialStore>();
        var orderedAt = new DateTimeOffset(Start, TimeSpan.Zero);

        var result = await new CreateSubscription(new CaasProviders([provider.Object]), store.Object).RunAsync(Mock.Of<TaskActivityContext>(),
            new CreateSubscriptionInput("ord-c1", "sandbox", new CaasRequest("ord-c1", "caas-dv", Term, "customer-1"), orderedAt));

        store.Verify(s => s.SaveAsync("ord-c1", "sub-1", credential, orderedAt, It.IsAny<CancellationToken>()));
        Assert.Null(result.Credential);
        Assert.DoesNotContain("c2VjcmV0LWhtYWMta2V5", WorkflowJson.Serialize(result)!);
    }

    private static CaasRenewRequest Renew(TimeSpan term) => new(term, OrderActor.Customer, "customer-1");

    /// <summary>The CA extends from the current end, once per renewal key (as the sandbox CA does).</summary>
    private static ScriptedContext Renewing(ScriptedContext ctx, DateTimeOffset currentEnd)
    {
        var applied = new Dictionary<string, DateTimeOffset>();
        ctx.On(nameof(RenewSubscription), i =>
        {
            var renew = (RenewSubscriptionInput)i!;
            if (!applied.TryGetValue(renew.RenewalKey, out var end)) applied[renew.RenewalKey] = end = currentEnd + renew.Term;
            return new CaasSubscription(renew.CaReference, CaasStatus.Active, "caas-kid", Start, end, null, []);
        });
        return ctx;
    }

    private static CaasActiveState ContinuedState(ScriptedContext ctx) => Assert.IsType<CaasSubscriptionInput>(Assert.Single(ctx.ContinuedAsNew).Input).Active!;

    [Fact]
    public async Task A_renewal_extends_the_term_at_the_ca_records_it_tells_the_customer_and_continues_as_new_from_the_new_end()
    {
        var ctx = Renewing(Context(), Start + Term);
        ctx.HoldTimers = _ => true; // ACTIVE, waiting for the 7-day destroy

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        Assert.False(run.IsCompleted);
        ctx.Raise(CaasEvents.Renew, Renew(Term));
        var result = await run;

        Assert.Equal("ACTIVE", result.Status);
        var renew = Assert.Single(ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)));
        Assert.Equal(("sandbox", "sub-1", "ord-c1/renewal-1", Term), (renew.Provider, renew.CaReference, renew.RenewalKey, renew.Term));
        var recorded = ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Last();
        Assert.Equal((OrderStatus.Active, OrderStatus.Active, TransitionCauseKind.Renewed, OrderActor.Customer),
            (recorded.Transition.From, recorded.Transition.To, recorded.Transition.Cause, recorded.Transition.Actor));
        Assert.Equal(new DateTimeOffset(Start + 2 * Term, TimeSpan.Zero), recorded.Update.NotAfter);
        Assert.Null(recorded.Update.NotBefore); // the activation stays what the refund window counts from
        Assert.Contains("customer-1", recorded.Transition.Detail);
        Assert.Equal(NotificationKind.SubscriptionRenewed, ctx.Emails.Last().Kind);
        // The next generation starts at the active life: same CA reference, original order date and activation, new end.
        var (input, preserve) = Assert.Single(ctx.ContinuedAsNew);
        Assert.True(preserve);
        var state = ContinuedState(ctx);
        Assert.Equal(new CaasActiveState("sub-1", "caas-kid", new DateTimeOffset(Start, TimeSpan.Zero), new DateTimeOffset(Start, TimeSpan.Zero),
            new DateTimeOffset(Start + 2 * Term, TimeSpan.Zero), false, new DateTimeOffset(Start + Settings.RefundWindow, TimeSpan.Zero), 1, RenewalAttempts: 1), state);
        Assert.Equal(Input() with { Active = state }, input);
        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
    }

    [Fact]
    public async Task The_continued_generation_keeps_the_delivery_period_reminds_before_the_new_end_and_ends_the_term_there()
    {
        var end = Start + 2 * Term;
        var at = Start.AddDays(3); // renewed on day 3: the credential is still readable until day 7, from the order date
        var ctx = new ScriptedContext("ord-c1", at);
        ctx.On(nameof(DeactivateSubscription), _ => Active(Start) with { Status = CaasStatus.Deactivated });
        var state = new CaasActiveState("sub-1", "caas-kid", Start, Start, end, false, Start + Settings.RefundWindow, 1);

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input() with { Active = state });

        Assert.Equal("CERTIFICATE DISABLED", result.Status);
        Assert.Equal([Start.AddDays(7), end.AddDays(-30), end.AddDays(-7), end], ctx.Timers);
        Assert.Equal(["DestroyCredentials", "NotifyCustomer", "NotifyCustomer", "DeactivateSubscription", "DestroyCredentials", "RecordTransition", "NotifyCustomer"], ctx.Names);
        // This term's reminders are mails of their own, not replays of the first term's.
        Assert.Equal([600, 601], ctx.Emails.Where(e => e.Kind == NotificationKind.Expiring).Select(e => e.Sequence));
        Assert.Empty(ctx.ContinuedAsNew);

        // Credentials already destroyed in an earlier generation: no second destroy timer.
        var later = new ScriptedContext("ord-c1", Start.AddDays(100));
        later.On(nameof(DeactivateSubscription), _ => Active(Start) with { Status = CaasStatus.Deactivated });
        await new CaasSubscriptionOrchestration().RunAsync(later.Object, Input() with { Active = state with { CredentialsDestroyed = true } });
        Assert.Equal([end.AddDays(-30), end.AddDays(-7), end], later.Timers);
    }

    [Fact]
    public async Task A_renewal_before_the_term_end_fires_wins_and_the_next_generation_waits_for_the_new_end()
    {
        var end = Start + Term;
        var ctx = Renewing(Context(), end);
        ctx.HoldTimers = at => at >= end; // destroy and reminders fired; the term end is pending when the renewal arrives

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        Assert.Equal(end, ctx.Timers[^1]);
        ctx.Raise(CaasEvents.Renew, Renew(TimeSpan.FromDays(90)));
        await run;

        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription))); // the old end never fired
        var state = ContinuedState(ctx);
        Assert.Equal(new DateTimeOffset(end.AddDays(90), TimeSpan.Zero), state.NotAfter);
        Assert.True(state.CredentialsDestroyed);

        var next = Renewing(new ScriptedContext("ord-c1", ctx.Now), end.AddDays(90));
        next.HoldTimers = _ => true;
        _ = new CaasSubscriptionOrchestration().RunAsync(next.Object, Input() with { Active = state });
        Assert.Equal(end.AddDays(60), next.Timers.Single()); // first deadline: the reminder 30 days before the new end
        next.Raise(CaasEvents.Renew, Renew(Term));
        Assert.Equal("ord-c1/renewal-2", next.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Single().RenewalKey);
    }

    [Fact]
    public async Task A_renewal_after_the_term_ended_is_never_heard()
    {
        var ctx = Renewing(Context(), Start + Term);

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Renew(Term));

        Assert.Equal("CERTIFICATE DISABLED", result.Status);
        Assert.Empty(ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)));
        Assert.Empty(ctx.ContinuedAsNew);
    }

    [Fact]
    public async Task A_cancel_that_arrives_while_the_renewal_runs_is_not_lost_with_the_generation()
    {
        var ctx = Context();
        ctx.HoldTimers = _ => true;
        ctx.On(nameof(RenewSubscription), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("changed my mind", "customer")); // delivered to the listening waiter meanwhile
            return Active(Start) with { NotAfter = Start + 2 * Term };
        });

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Renew(Term));
        var result = await run;

        Assert.Equal("REFUNDED", result.Status);
        Assert.Empty(ctx.ContinuedAsNew);
        Assert.Equal("changed my mind", ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)).Single().Reason);
    }

    [Fact]
    public async Task A_renewal_the_ca_refuses_leaves_the_term_as_it_was_and_the_subscription_listening()
    {
        var ctx = Context();
        ctx.HoldTimers = _ => true;
        ctx.On(nameof(RenewSubscription), _ => throw ScriptedContext.Failure(nameof(RenewSubscription), new CaOrderFailedException("Sandbox CA: not-active")));

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Renew(Term));

        Assert.False(run.IsCompleted);
        Assert.Empty(ctx.ContinuedAsNew);
        Assert.DoesNotContain(Transitions(ctx), t => t.Cause == TransitionCauseKind.Renewed);
        Assert.Equal(1, ctx.WaitersFor(CaasEvents.Renew));
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
        Assert.Equal("REFUNDED", (await run).Status);
    }

    [Fact]
    public async Task After_a_renewal_the_refund_window_still_counts_from_the_original_activation()
    {
        var state = new CaasActiveState("sub-1", "caas-kid", Start, Start, Start + 2 * Term, true, Start + Settings.RefundWindow, 1);
        var inside = new ScriptedContext("ord-c1", Start.AddDays(20));
        inside.On(nameof(Refund), "refund-1");
        inside.HoldTimers = _ => true;
        var run = new CaasSubscriptionOrchestration().RunAsync(inside.Object, Input() with { Active = state });
        inside.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
        Assert.Equal("REFUNDED", (await run).Status);

        var outside = new ScriptedContext("ord-c1", Start.AddDays(40)); // renewed since, but 40 days after activation
        outside.HoldTimers = _ => true;
        var later = new CaasSubscriptionOrchestration().RunAsync(outside.Object, Input() with { Active = state });
        outside.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
        Assert.False(later.IsCompleted);
        Assert.Empty(outside.Inputs<RefundInput>(nameof(Refund)));
    }

    private static CaasRenewRequest Keyed(TimeSpan term, string key) => new(term, OrderActor.Customer, "customer-1", key);

    private static bool NotRenewedAgain(ScriptedContext ctx) =>
        !ctx.Names.Any(n => n is nameof(RenewSubscription) or nameof(RecordTransition) or nameof(NotifyCustomer)) && ctx.ContinuedAsNew.Count == 0;

    [Fact]
    public async Task A_retried_renewal_with_an_idempotency_key_already_applied_is_ignored_also_in_the_next_generation()
    {
        var ctx = Renewing(Context(), Start + Term);
        ctx.HoldTimers = _ => true;
        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        await run;
        var state = ContinuedState(ctx);
        Assert.Equal([new CaasAppliedRenewal("key-a", Term)], state.AppliedRenewals);

        // The next generation hears the client's retry (same key), then the same key with another term.
        var next = Renewing(new ScriptedContext("ord-c1", ctx.Now), Start + 2 * Term);
        next.HoldTimers = _ => true;
        var continued = new CaasSubscriptionOrchestration().RunAsync(next.Object, Input() with { Active = state });
        next.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        Assert.True(NotRenewedAgain(next)); // no CA call, no timeline entry, no mail
        Assert.Contains("retry was ignored", Assert.IsType<OrderProgress>(next.Statuses[^1]).WaitingFor);
        next.Raise(CaasEvents.Renew, Keyed(TimeSpan.FromDays(90), "key-a"));
        Assert.True(NotRenewedAgain(next));
        Assert.Contains("90 days was ignored", Assert.IsType<OrderProgress>(next.Statuses[^1]).WaitingFor);
        Assert.False(continued.IsCompleted);
        Assert.Equal(1, next.WaitersFor(CaasEvents.Renew)); // still listening

        // A new key renews, and both keys are carried on.
        next.Raise(CaasEvents.Renew, Keyed(TimeSpan.FromDays(90), "key-b"));
        Assert.Equal("ACTIVE", (await continued).Status);
        Assert.Equal("ord-c1/renewal-2", next.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Single().RenewalKey);
        Assert.Equal([new CaasAppliedRenewal("key-a", Term), new CaasAppliedRenewal("key-b", TimeSpan.FromDays(90))], ContinuedState(next).AppliedRenewals);
    }

    [Fact]
    public async Task Two_deliveries_of_the_same_keyed_renewal_in_one_generation_renew_once()
    {
        var ctx = Renewing(Context(), Start + Term);
        ctx.HoldTimers = _ => true;
        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-a")); // arrives while the generation ends: carried into the next one
        await run;
        Assert.Equal(1, ctx.BufferedFor(CaasEvents.Renew));

        // The next generation receives the carried event first and ignores it.
        var next = new ScriptedContext("ord-c1", ctx.Now);
        next.HoldTimers = _ => true;
        next.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        var continued = new CaasSubscriptionOrchestration().RunAsync(next.Object, Input() with { Active = ContinuedState(ctx) });
        Assert.False(continued.IsCompleted);
        Assert.True(NotRenewedAgain(next));
        Assert.Single(ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)));
    }

    [Fact]
    public async Task The_applied_keys_are_bounded_to_the_last_twenty_oldest_dropped_first()
    {
        var keys = Enumerable.Range(0, CaasActiveState.MaxAppliedRenewals).Select(i => new CaasAppliedRenewal($"key-{i}", Term)).ToList();
        var state = new CaasActiveState("sub-1", "caas-kid", Start, Start, Start + Term, true, Start + Settings.RefundWindow, 20, keys);
        var ctx = Renewing(new ScriptedContext("ord-c1", Start.AddDays(100)), Start + Term);
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input() with { Active = state });
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-19")); // the newest remembered: ignored
        Assert.False(run.IsCompleted);
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-20"));
        await run;

        var applied = ContinuedState(ctx).AppliedRenewals!;
        Assert.Equal(CaasActiveState.MaxAppliedRenewals, applied.Count);
        Assert.Equal("key-1", applied[0].Key);
        Assert.Equal("key-20", applied[^1].Key);
        Assert.Equal("ord-c1/renewal-21", Assert.Single(ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription))).RenewalKey);
    }

    [Fact]
    public async Task A_renewal_delivered_as_the_term_end_fires_renews_instead_of_ending_the_subscription()
    {
        var end = Start + Term;
        var ctx = Renewing(Context(), end);
        var delivered = false;
        // Durable hands both to the orchestration in one batch: the renew event and the term end's timer.
        ctx.HoldTimers = at =>
        {
            if (at == end && !delivered)
            {
                delivered = true;
                ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-late"));
            }
            return false;
        };

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());

        Assert.True(delivered);
        Assert.Equal("ACTIVE", result.Status);
        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
        Assert.DoesNotContain(Transitions(ctx), t => t.To == OrderStatus.CertificateDisabled);
        Assert.DoesNotContain(ctx.Emails, e => e.Kind == NotificationKind.Disabled);
        Assert.Single(ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)));
        Assert.Equal(new DateTimeOffset(end + Term, TimeSpan.Zero), ContinuedState(ctx).NotAfter);

        // The next generation: the old end is past, its timer is at the new end.
        var next = new ScriptedContext("ord-c1", ctx.Now);
        next.On(nameof(DeactivateSubscription), _ => Active(Start) with { Status = CaasStatus.Deactivated });
        Assert.Equal("CERTIFICATE DISABLED", (await new CaasSubscriptionOrchestration().RunAsync(next.Object, Input() with { Active = ContinuedState(ctx) })).Status);
        Assert.Equal(end + Term, next.Timers[^1]);
    }

    [Fact]
    public async Task A_cancel_delivered_as_a_deadline_fires_is_handled_before_that_deadline()
    {
        var ctx = Context();
        var destroyAt = Start + Settings.ReadableFor;
        ctx.HoldTimers = at =>
        {
            if (at == destroyAt && ctx.WaitersFor(OrderEvents.Cancel) == 1) ctx.Raise(OrderEvents.Cancel, new CancelRequest("changed my mind", "customer"));
            return false;
        };

        var result = await new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal("cancelled", Assert.Single(ctx.Inputs<DestroyCredentialsInput>(nameof(DestroyCredentials))).Reason); // not the delivery period's destroy first
    }

    /// <summary>Every action an orchestration scheduled, in order: activities with their inputs (as JSON) and timers with their fire times.</summary>
    /// <remarks>Durable replays by action name and order, not by input: the deadline the delivery period's destroy carries
    /// since issue 26 item 16 (<see cref="DestroyCredentialsInput.NotBefore"/>) is left out of the comparison.</remarks>
    private static List<string> Actions(ScriptedContext ctx) =>
        [.. ctx.Calls.Select(c => $"{c.Name} {WorkflowJson.Serialize(c.Input is DestroyCredentialsInput d ? d with { NotBefore = null } : c.Input)}"), .. ctx.Timers.Select(t => $"timer {t:O}")];

    /// <summary>
    /// An order started before term renewal existed (main at 9ea6607) replays on this code: a reminder that fell between the
    /// activation and the end of recording it (a reminder close to the activation, a slow table write) had its timer then,
    /// so it must have it now, or Durable finds one timer fewer than the history and fails the order as non-deterministic.
    /// </summary>
    [Theory]
    [InlineData("term end")]
    [InlineData("cancel inside the refund window")]
    [InlineData("cancel after the refund window")]
    [InlineData("ov")]
    public async Task A_first_generation_order_schedules_the_same_actions_as_the_code_before_renewal(string scenario)
    {
        // A reminder one minute after the activation (OV: after the first poll); recording the activation takes two.
        var activeAt = scenario == "ov" ? Start + Settings.ValidationPollInterval : Start;
        var earlyReminder = activeAt.AddMinutes(1);
        var settings = Settings with { RemindBefore = [Start + Term - earlyReminder, TimeSpan.FromDays(30), TimeSpan.FromDays(7)], RefundWindow = TimeSpan.FromDays(10) };
        var input = Input(scenario == "ov" ? "caas-ov" : "caas-dv", settings);

        async Task<(List<string> Actions, CaasSubscriptionResult Result)> RunAsync(Func<TaskOrchestrationContext, Task<CaasSubscriptionResult>> run)
        {
            var ctx = Context();
            var creates = 0;
            ctx.On(nameof(CreateSubscription), _ => scenario == "ov" && ++creates == 1
                ? new CaasSubscription("sub-1", CaasStatus.PendingValidation, null, null, null, null, [])
                : Active(Start));
            ctx.On(nameof(RecordTransition), i =>
            {
                if (((RecordTransitionInput)i!).Transition.To == OrderStatus.Active) ctx.Advance(TimeSpan.FromMinutes(2));
                return null;
            });
            var cancelAt = scenario switch
            {
                "cancel inside the refund window" => Start.AddDays(7), // the destroy timer
                "cancel after the refund window" => Start + Term - TimeSpan.FromDays(30),
                _ => (DateTime?)null,
            };
            var raised = false;
            ctx.HoldTimers = at =>
            {
                // Delivered while the next deadline's timer is pending (so it wins that race in both).
                if (raised || !(at > cancelAt)) return false;
                raised = true;
                ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
                return true;
            };
            var result = await run(ctx.Object);
            return (Actions(ctx), result);
        }

        var before = await RunAsync(c => new Legacy.CaasSubscriptionOrchestration9ea6607().RunAsync(c, input));
        var now = await RunAsync(c => new CaasSubscriptionOrchestration().RunAsync(c, input));

        Assert.Contains($"timer {earlyReminder:O}", before.Actions); // the scenario does reach the early reminder
        Assert.Equal(before.Actions, now.Actions);
        Assert.Equal(before.Result, now.Result);
    }

    /// <summary>
    /// A CA as the sandbox keeps one: the term's end, extended once per renewal key (a known key answers what it did then),
    /// and a read of the subscription. <paramref name="loseReply"/> decides per call whether the answer is lost after the
    /// CA applied it (the activity fails with its retries spent); <paramref name="readFails"/> makes the read fail.
    /// </summary>
    private static ScriptedContext KeyedCa(ScriptedContext ctx, DateTimeOffset end, Func<int, bool> loseReply, Func<bool>? readFails = null)
    {
        var answered = new Dictionary<string, DateTimeOffset>();
        var calls = 0;
        ctx.On(nameof(RenewSubscription), i =>
        {
            var renew = (RenewSubscriptionInput)i!;
            if (!answered.TryGetValue(renew.RenewalKey, out var after)) answered[renew.RenewalKey] = after = end = end + renew.Term;
            if (loseReply(++calls)) throw ScriptedContext.Failure(nameof(RenewSubscription), new HttpRequestException("connection reset"));
            return new CaasSubscription(renew.CaReference, CaasStatus.Active, "caas-kid", Start, after, null, []);
        });
        ctx.On(nameof(GetSubscription), i => readFails?.Invoke() == true
            ? throw ScriptedContext.Failure(nameof(GetSubscription), new HttpRequestException("connection reset"))
            : new CaasSubscription(((GetSubscriptionInput)i!).CaReference, CaasStatus.Active, "caas-kid", Start, end, null, []));
        return ctx;
    }

    [Fact]
    public async Task A_renewal_the_ca_applied_but_whose_answer_was_lost_is_read_back_and_recorded_as_applied()
    {
        var ctx = KeyedCa(Context(), Start + Term, loseReply: _ => true);
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        Assert.True(run.IsCompleted); // continued as new
        var result = await run;

        Assert.Equal("ACTIVE", result.Status);
        Assert.Equal(("sandbox", "sub-1"), ctx.Inputs<GetSubscriptionInput>(nameof(GetSubscription)).Select(g => (g.Provider, g.CaReference)).Single());
        var recorded = Transitions(ctx).Last();
        Assert.Equal(TransitionCauseKind.Renewed, recorded.Cause);
        Assert.Equal(new DateTimeOffset(Start + 2 * Term, TimeSpan.Zero), ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Last().Update.NotAfter);
        Assert.Equal(NotificationKind.SubscriptionRenewed, ctx.Emails.Last().Kind);
        var state = ContinuedState(ctx);
        Assert.Equal(new DateTimeOffset(Start + 2 * Term, TimeSpan.Zero), state.NotAfter); // the term end moves with the CA's
        Assert.Equal((1, 1), (state.Renewals, state.RenewalAttempts));
        Assert.Equal([new CaasAppliedRenewal("key-a", Term)], state.AppliedRenewals);
        Assert.Empty(ctx.Inputs<DeactivateSubscriptionInput>(nameof(DeactivateSubscription)));
    }

    [Fact]
    public async Task Every_renewal_attempt_has_its_own_key_at_the_ca_so_a_failed_one_is_not_answered_for_the_next()
    {
        // First attempt (90 days): applied, answer lost, and the read back fails too; so the term looks unchanged here.
        var reads = 0;
        var ctx = KeyedCa(Context(), Start + Term, loseReply: call => call == 1, readFails: () => ++reads == 1);
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());
        ctx.Raise(CaasEvents.Renew, Keyed(TimeSpan.FromDays(90), "key-a"));
        Assert.False(run.IsCompleted);
        Assert.Contains("renewal refused", Assert.IsType<OrderProgress>(ctx.Statuses[^1]).WaitingFor);
        // The next request (a year) is a new request at the CA, not the stored answer to the first.
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-b"));
        Assert.True(run.IsCompleted);
        await run;

        Assert.Equal(["ord-c1/renewal-1", "ord-c1/renewal-2"], ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Select(r => r.RenewalKey));
        var state = ContinuedState(ctx);
        Assert.Equal(new DateTimeOffset(Start + Term + TimeSpan.FromDays(90) + Term, TimeSpan.Zero), state.NotAfter); // both applied at the CA: its end
        Assert.Equal((1, 2), (state.Renewals, state.RenewalAttempts));
        Assert.Equal(RenewalSequence(1), Transitions(ctx).Last().Sequence); // the timeline and the mail count applied renewals

        // The attempt counter goes on in the next generation.
        var next = KeyedCa(new ScriptedContext("ord-c1", ctx.Now), state.NotAfter, loseReply: _ => false);
        next.HoldTimers = _ => true;
        _ = new CaasSubscriptionOrchestration().RunAsync(next.Object, Input() with { Active = state });
        next.Raise(CaasEvents.Renew, Keyed(Term, "key-c"));
        Assert.Equal("ord-c1/renewal-3", next.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Single().RenewalKey);
    }

    [Fact]
    public async Task A_state_carried_by_an_older_generation_without_the_attempt_counter_continues_after_its_renewals()
    {
        // Written before RenewalAttempts existed: the field is absent, and renewals 1 and 2 used keys renewal-1 and renewal-2.
        var state = new CaasActiveState("sub-1", "caas-kid", Start, Start, Start + 3 * Term, true, Start + Settings.RefundWindow, 2);
        var json = WorkflowJson.Serialize(Input() with { Active = state })!.Replace(",\"renewalAttempts\":0", "", StringComparison.Ordinal);
        Assert.DoesNotContain("renewalAttempts", json, StringComparison.OrdinalIgnoreCase);
        var input = WorkflowJson.Deserialize<CaasSubscriptionInput>(json)!;
        Assert.Equal(0, input.Active!.RenewalAttempts);

        var ctx = Renewing(new ScriptedContext("ord-c1", Start.AddDays(100)), Start + 3 * Term);
        ctx.HoldTimers = _ => true;
        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, input);
        ctx.Raise(CaasEvents.Renew, Renew(Term));
        Assert.True(run.IsCompleted);
        await run;
        Assert.Equal("ord-c1/renewal-3", ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Single().RenewalKey);
        Assert.Equal((3, 3), (ContinuedState(ctx).Renewals, ContinuedState(ctx).RenewalAttempts));
    }

    [Fact]
    public async Task A_generation_started_before_the_read_back_existed_replays_a_failed_renewal_without_it_and_continues_with_it()
    {
        // Revision 0: started (or continued) by the code before this one; its history has no read after a failed renewal.
        var ctx = KeyedCa(Context(), Start + Term, loseReply: call => call == 1);
        ctx.HoldTimers = _ => true;

        var run = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input() with { Revision = 0 });
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-a"));
        Assert.Empty(ctx.Inputs<GetSubscriptionInput>(nameof(GetSubscription)));
        Assert.False(run.IsCompleted);

        // The next renewal applies (under a key of its own) and the next generation runs the current revision.
        ctx.Raise(CaasEvents.Renew, Keyed(Term, "key-b"));
        Assert.True(run.IsCompleted);
        Assert.Equal(CaasSubscriptionInput.CurrentRevision, Assert.IsType<CaasSubscriptionInput>(Assert.Single(ctx.ContinuedAsNew).Input).Revision);
        Assert.Equal("ord-c1/renewal-2", ctx.Inputs<RenewSubscriptionInput>(nameof(RenewSubscription)).Last().RenewalKey);
    }

    private static int RenewalSequence(int n) => 400_000 + n;

    [Fact]
    public async Task GetSubscription_reads_the_subscription_at_the_ca_without_the_secret()
    {
        var provider = new Mock<ICaasProvider>();
        provider.SetupGet(p => p.Name).Returns("sandbox");
        provider.Setup(p => p.GetAsync("sub-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CaasSubscription("sub-1", CaasStatus.Active, "caas-kid", Start, Start + 2 * Term, new EabCredential("caas-kid", "c2VjcmV0", new Uri("https://pebble.test/dir")), []));

        var result = await new GetSubscription(new CaasProviders([provider.Object])).RunAsync(Mock.Of<TaskActivityContext>(), new GetSubscriptionInput("sandbox", "sub-1"));

        Assert.Equal(Start + 2 * Term, result.NotAfter);
        Assert.Null(result.Credential);
    }

    [Fact]
    public async Task DestroyCredentials_for_the_delivery_period_waits_until_the_announced_available_until_when_the_timer_fires_early()
    {
        // Issue 26 item 16: the timer fired 300 ms before the availableUntil the API announced; the key must live until then.
        var until = new DateTimeOffset(Start, TimeSpan.Zero) + Settings.ReadableFor;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(until - TimeSpan.FromMilliseconds(300));
        var store = new Mock<ICredentialStore>();
        var destroyedAt = (DateTimeOffset?)null;
        store.Setup(s => s.DestroyAsync("ord-c1", "delivery period over", It.IsAny<CancellationToken>()))
            .Callback(() => destroyedAt = time.GetUtcNow()).ReturnsAsync(true);

        var run = new DestroyCredentials(store.Object, time).RunAsync(Mock.Of<TaskActivityContext>(), new DestroyCredentialsInput("ord-c1", "delivery period over", until));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(run.IsCompleted);
        Assert.Null(destroyedAt);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await run);
        Assert.True(destroyedAt >= until, $"destroyed at {destroyedAt:O}, announced {until:O}");
    }

    [Fact]
    public void The_delivery_period_destroy_carries_the_deadline_and_a_cancel_destroys_at_once()
    {
        var ctx = Context();
        ctx.HoldTimers = at => at >= (Start + Term).AddDays(-30);
        _ = new CaasSubscriptionOrchestration().RunAsync(ctx.Object, Input());

        var destroy = Assert.Single(ctx.Inputs<DestroyCredentialsInput>(nameof(DestroyCredentials)));
        Assert.Equal(new DateTimeOffset(Start, TimeSpan.Zero) + Settings.ReadableFor, destroy.NotBefore);
        Assert.Null(new DestroyCredentialsInput("o", "cancelled").NotBefore);
    }

    [Fact]
    public async Task RenewSubscription_asks_the_ca_with_the_renewal_key_and_returns_no_secret()
    {
        var provider = new Mock<ICaasProvider>();
        provider.SetupGet(p => p.Name).Returns("sandbox");
        provider.Setup(p => p.RenewTermAsync("sub-1", "ord-c1/renewal-1", Term, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CaasSubscription("sub-1", CaasStatus.Active, "caas-kid", Start, Start + 2 * Term, new EabCredential("caas-kid", "c2VjcmV0", new Uri("https://pebble.test/dir")), []));

        var result = await new RenewSubscription(new CaasProviders([provider.Object])).RunAsync(Mock.Of<TaskActivityContext>(),
            new RenewSubscriptionInput("sandbox", "sub-1", "ord-c1/renewal-1", Term));

        Assert.Equal(Start + 2 * Term, result.NotAfter);
        Assert.Null(result.Credential);
    }

    [Fact]
    public void Caas_products_and_terms()
    {
        Assert.Equal(["caas-dv", "caas-ov"], CaasProductCatalog.All.Select(p => p.Code));
        Assert.True(CaasProductCatalog.Find("CAAS-OV")!.NeedsOrganization);
        Assert.Equal(TimeSpan.FromDays(365), CaasProductCatalog.ParseTerm("1y"));
        Assert.Equal(TimeSpan.FromDays(90), CaasProductCatalog.ParseTerm("90d"));
        Assert.Equal(TimeSpan.FromMinutes(2), CaasProductCatalog.ParseTerm("00:02:00"));
        Assert.Null(CaasProductCatalog.ParseTerm("forever"));
    }
}
