using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Caas;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Ports;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;

namespace SslFlow.Workflow.Tests;

/// <summary>The CaaS subscription's life on the scripted context: timers move its clock, events arrive as Durable delivers them.</summary>
public sealed class CaasSubscriptionOrchestrationTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Term = TimeSpan.FromDays(365);
    private static readonly CaasSettings Settings = CaasSettings.Default;

    private static CaasSubscriptionInput Input(string product = "caas-dv", CaasSettings? settings = null) =>
        new("ord-c1", product, Term, "sandbox", "customer-1", "ops@example.com", product == "caas-ov" ? "Example Ltd" : null, settings ?? Settings);

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
