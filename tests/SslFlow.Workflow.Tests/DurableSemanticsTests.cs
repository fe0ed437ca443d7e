using Microsoft.DurableTask;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// Where real Durable differs from the home-made engine the workflow first ran on, and that the orchestrations do not
/// lean on the old behaviour: an event goes to the newest waiter of its name, a cancelled waiter may swallow or keep an
/// event depending on the worker, and an event raised to an instance that does not exist yet is dropped.
/// </summary>
public sealed class DurableSemanticsTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private const string Ref = "SBX-0002";
    private static readonly DcvChallenge EmailChallenge = new("www.example.com", DcvMethod.Email, "t1", "admin@example.com", null);
    private static readonly DcvChallenge DnsChallenge = new("www.example.com", DcvMethod.Dns01, "t2", "txt-value", "_dnsauth.www.example.com");
    private static readonly IssuedCertificate Issued = new("order-ord-2", "v2", "0C0E", "CE", Start, Start.AddDays(200));

    [Fact]
    public async Task The_harness_hands_an_event_to_the_newest_waiter_of_its_name()
    {
        var ctx = new ScriptedContext("i", Start);
        var older = ctx.Object.WaitForExternalEvent<string>("e", CancellationToken.None);
        var newer = ctx.Object.WaitForExternalEvent<string>("E", CancellationToken.None); // names are case-insensitive

        ctx.Raise("e", "first");

        Assert.Equal("first", await newer);
        Assert.False(older.IsCompleted);
    }

    [Fact]
    public async Task The_harness_keeps_an_event_that_reaches_a_cancelled_waiter_for_the_next_wait_not_for_an_older_one()
    {
        var ctx = new ScriptedContext("i", Start);
        var older = ctx.Object.WaitForExternalEvent<string>("e", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = ctx.Object.WaitForExternalEvent<string>("e", cts.Token);
        cts.Cancel();

        ctx.Raise("e", "kept");

        Assert.True(cancelled.IsCanceled);
        Assert.False(older.IsCompleted);
        Assert.Equal(1, ctx.BufferedFor("e"));
        Assert.Equal("kept", await ctx.Object.WaitForExternalEvent<string>("e", CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_dcv_method_change_raised_between_two_steps_is_applied_on_any_worker(bool workerDropsAtCancelledWaiters)
    {
        // OV: domain control, then organization checks. The change arrives after DCV completed, while the order moves to the
        // next step (no step is waiting): one DCV-change waiter lives for the whole plan, so no cancelled one can lose it.
        var plan = ProductCatalog.Get("ov-single").Plan;
        var ctx = new ScriptedContext("ord-2:issue:0", Start) { HoldTimers = _ => true, DropEventsAtCancelledWaiters = workerDropsAtCancelledWaiters };
        ctx.On(nameof(CreateCsr), new CsrOutput("order-ord-2", "v2", "Q1NS"))
            .On(nameof(SubmitOrder), new CaSubmission(Ref, [EmailChallenge], ValidatesByEvents: true))
            .On(nameof(CheckCaOrder), i => new CaOrderState(Ref, ((CheckCaOrderInput)i!).Until == CaOrderStatus.Valid ? CaOrderStatus.Valid : CaOrderStatus.Pending, null, []))
            .On(nameof(FinalizeOrder), new CaOrderState(Ref, CaOrderStatus.Processing))
            .On(nameof(DownloadAndMerge), Issued)
            .On(nameof(RecordTransition), i =>
            {
                if (((RecordTransitionInput)i!).Transition.Cause == Domain.Orders.TransitionCauseKind.StepCompleted)
                {
                    ctx.Raise(OrderEvents.DcvMethodChanged, new DcvMethodChanged(DcvMethod.Dns01, [DnsChallenge]));
                }
                return true;
            })
            .On(nameof(NotifyCustomer), i =>
            {
                var n = (NotifyCustomerInput)i!;
                if (n.Sequence == 101) ctx.Raise(plan.Steps[0].CompletionEvent, new ValidationEvent(plan.Steps[0].CompletionEvent, Ref));
                if (n.Kind == NotificationKind.DcvInstructions && n.Challenges?.SingleOrDefault() == DnsChallenge)
                {
                    ctx.Raise(plan.Steps[1].CompletionEvent, new ValidationEvent(plan.Steps[1].CompletionEvent, Ref));
                }
                return true;
            });

        var issued = await new IssueCertificateOrchestration().RunAsync(ctx.Object,
            new IssueCertificateInput("ord-2", 0, "sandbox", "ov-single", ["www.example.com"], DcvMethod.Email, "ops@example.com", "order-ord-2", KeyAlgorithm.EcP256, 100))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Issued, issued);
        Assert.Equal([[EmailChallenge], [DnsChallenge]], ctx.Inputs<PublishChallengesInput>(nameof(PublishChallenges)).Select(p => p.Challenges.ToArray()));
        Assert.Contains(ctx.Emails, e => e.Kind == NotificationKind.DcvInstructions && e.Challenges?.SingleOrDefault() == DnsChallenge);
        Assert.Equal(0, ctx.WaitersFor(OrderEvents.DcvMethodChanged));
    }

    [Fact]
    public async Task A_cancel_heard_by_the_order_is_passed_on_to_its_pipeline_which_may_not_have_existed_when_the_customer_asked()
    {
        var pipeline = new TaskCompletionSource<IssuedCertificate>();
        var ctx = new ScriptedContext("ord-2", Start) { HoldTimers = _ => true };
        ctx.On(nameof(Refund), "refund-1").On(nameof(IssueCertificateOrchestration), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
            return pipeline.Task;
        });
        ctx.HoldTimers = _ =>
        {
            // The pipeline stops once the order has passed the cancel on.
            if (ctx.SentEvents.Count > 0) pipeline.TrySetException(new TaskFailedException(nameof(IssueCertificateOrchestration), 1, TaskFailureDetails.FromException(new IssuanceCancelledException("stop"))));
            return true;
        };

        var result = await new OrderOrchestration().RunAsync(ctx.Object, new OrderInput("ord-2", "ov-single", ["www.example.com"], DcvMethod.Email, "ops@example.com", "sandbox"))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("REFUNDED", result.Status);
        var (instance, name, payload) = Assert.Single(ctx.SentEvents);
        Assert.Equal((OrderOrchestration.IssuanceInstanceId("ord-2"), OrderEvents.Cancel, "stop"), (instance, name, ((CancelRequest)payload).Reason));
    }
}
