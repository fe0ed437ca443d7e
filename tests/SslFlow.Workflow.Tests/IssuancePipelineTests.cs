using Microsoft.DurableTask;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;
using static SslFlow.Domain.Orders.OrderSubStatus;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// The issuance pipeline against a mocked port (<see cref="ScriptedContext"/>): each product's validation plan at an
/// order-API CA, every step's timeout, rejection and cancel, lost webhooks, early events, DCV method changes and rate limits.
/// </summary>
public sealed class IssuancePipelineTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan PollEvery = TimeSpan.FromHours(4);
    private const string Ref = "SBX-0001";
    private static readonly DcvChallenge EmailChallenge = new("www.example.com", DcvMethod.Email, "t1", "admin@example.com", null);
    private static readonly DcvChallenge DnsChallenge = new("www.example.com", DcvMethod.Dns01, "t2", "txt-value", "_dnsauth.www.example.com");
    private static readonly IssuedCertificate Issued = new("order-ord-1", "v2", "0C0D", "CD", Start, Start.AddDays(200));

    public static TheoryData<string, OrderSubStatus[]> Plans => new()
    {
        { "dv-single", [DomainControlValidation] },
        { "ov-single", [DomainControlValidation, OrganizationChecks] },
        { "ev-single", [DomainControlValidation, OrganizationChecks, AdditionalEvChecks] },
        { "smime-basic", [EmailControlValidation] },
        { "smime-pro", [IdentityVerification, EmailControlValidation] },
        { "smime-enterprise", [DomainControlValidation, OrganizationChecks, IdentityVerification, OrganizationChecks] },
    };

    /// <summary>Every (product, step) pair of every plan: for timeouts, rejections and cancels at each wait.</summary>
    public static TheoryData<string, int> EveryStep
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var code in new[] { "dv-single", "ov-single", "ev-single", "smime-basic", "smime-pro", "smime-enterprise" })
            {
                for (var i = 0; i < ProductCatalog.Get(code).Plan.Steps.Count; i++) data.Add(code, i);
            }
            return data;
        }
    }

    private static IssueCertificateInput Input(string product, bool renewal = false) =>
        new("ord-1", 0, "sandbox", product, ["www.example.com"], DcvMethod.Email, "ops@example.com", "order-ord-1", KeyAlgorithm.EcP256, 100,
            Renewal: renewal, ValidationPollInterval: PollEvery, ApproverEmail: "admin@example.com");

    /// <summary>An order-API CA. <paramref name="completeStepsExcept"/>: the CA finishes each step (webhook) when the customer is told about it, except that one.</summary>
    private static ScriptedContext OrderApiCa(string product, int? completeStepsExcept = -1, bool holdTimers = true)
    {
        var plan = ProductCatalog.Get(product).Plan;
        var ctx = new ScriptedContext("ord-1:issue:0", Start) { HoldTimers = _ => holdTimers };
        var stepNotices = 0;
        ctx.On(nameof(CreateCsr), new CsrOutput("order-ord-1", "v2", "Q1NS"))
            .On(nameof(SubmitOrder), new CaSubmission(Ref, [EmailChallenge], ValidatesByEvents: true))
            .On(nameof(CheckCaOrder), i => new CaOrderState(Ref, ((CheckCaOrderInput)i!).Until == CaOrderStatus.Valid ? CaOrderStatus.Valid : CaOrderStatus.Pending, null, []))
            .On(nameof(FinalizeOrder), new CaOrderState(Ref, CaOrderStatus.Processing))
            .On(nameof(DownloadAndMerge), Issued)
            .On(nameof(NotifyCustomer), i =>
            {
                var n = (NotifyCustomerInput)i!;
                if (n.Kind is NotificationKind.DcvInstructions or NotificationKind.OrganizationChecks && n.Sequence < 150)
                {
                    var step = stepNotices++;
                    if (completeStepsExcept is { } except && step != except) ctx.Raise(plan.Steps[step].CompletionEvent, new ValidationEvent(plan.Steps[step].CompletionEvent, Ref));
                }
                return true;
            });
        return ctx;
    }

    private static Task<IssuedCertificate> Run(ScriptedContext ctx, IssueCertificateInput input) =>
        new IssueCertificateOrchestration().RunAsync(ctx.Object, input).WaitAsync(TimeSpan.FromSeconds(10));

    private static IEnumerable<CheckCaOrderInput> Polls(ScriptedContext ctx) => ctx.Inputs<CheckCaOrderInput>(nameof(CheckCaOrder)).Where(c => c.Until == CaOrderStatus.Pending);

    [Fact]
    public async Task An_smime_order_asks_the_vault_for_a_csr_naming_its_mailbox_and_person_and_the_ca_for_the_mailbox()
    {
        var ctx = OrderApiCa("smime-pro");
        var person = new SslFlow.Domain.Organizations.SubjectDetails(null, null, new("Maria", "De Luca"));

        await Run(ctx, Input("smime-pro") with { DnsNames = ["maria@example.com"], Subject = person });

        var csr = Assert.Single(ctx.Inputs<CreateCsrInput>(nameof(CreateCsr)));
        Assert.Equal(new SslFlow.Domain.Organizations.SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca"), csr.Smime);
        Assert.Equal(("Maria De Luca", 0), (csr.CommonName, csr.DnsNames.Count)); // no DNS name is asked for
        var submitted = Assert.Single(ctx.Inputs<SubmitOrderInput>(nameof(SubmitOrder))).Request;
        Assert.Equal(["maria@example.com"], submitted.DnsNames);
        Assert.Equal(person, submitted.Subject);
    }

    [Theory]
    [InlineData("ord-1:issue:0")]
    [InlineData("reissue-ord-1-0A0B:issue")]
    [InlineData("renew-ord-1-0A0B-1800000000:issue")]
    public async Task The_ca_order_key_is_the_pipelines_own_instance_id_so_no_run_finds_another_runs_ca_order(string instanceId)
    {
        var ctx = OrderApiCa("dv-single");
        ctx.Mock.SetupGet(c => c.InstanceId).Returns(instanceId);

        // Every reissue used to ask under "{order}-500": the second found the first one's finished CA order.
        await Run(ctx, Input("dv-single", renewal: instanceId != "ord-1:issue:0") with { Attempt = 500 });

        Assert.Equal(instanceId, Assert.Single(ctx.Inputs<SubmitOrderInput>(nameof(SubmitOrder))).Request.OrderKey);
    }

    [Fact]
    public void A_tls_order_asks_the_vault_for_its_dns_names_only()
    {
        var csr = IssuancePipeline.CsrInputFor(Input("ov-single") with { DnsNames = ["www.example.com", "example.com"] });

        Assert.Equal(("order-ord-1", "www.example.com", KeyAlgorithm.EcP256), (csr.CertificateName, csr.CommonName, csr.Key));
        Assert.Equal(["www.example.com", "example.com"], csr.DnsNames);
        Assert.Null(csr.Smime);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task Each_plan_runs_its_steps_in_order_with_sub_status_and_email_then_finalizes_and_merges(string product, OrderSubStatus[] subStatuses)
    {
        var ctx = OrderApiCa(product);

        var issued = await Run(ctx, Input(product));

        Assert.Equal(Issued, issued);
        var transitions = ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Select(t => t.Transition).ToList();
        Assert.Equal(TransitionCauseKind.Submitted, transitions[0].Cause);
        Assert.Equal(OrderStatus.ActivationInProgress, transitions[0].To);
        var submitted = ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).First().Update;
        Assert.Equal((Ref, "ord-1:issue:0"), (submitted.CaReference, submitted.WorkflowInstanceId));
        // The sub-status the customer sees follows the plan; a step with the same sub-status as the one before records nothing.
        var expected = subStatuses.Where((s, i) => i == 0 || s != subStatuses[i - 1]).ToList();
        Assert.Equal(expected, transitions.Select(t => t.SubStatus));
        Assert.All(transitions.Skip(1), t => Assert.Equal((OrderStatus.ActivationInProgress, TransitionCauseKind.StepCompleted), (t.From!.Value, t.Cause)));
        Assert.Equal(transitions.Count, transitions.Select(t => t.Sequence).Distinct().Count());
        // One email per step, DCV instructions with the challenges for control steps.
        var plan = ProductCatalog.Get(product).Plan;
        Assert.Equal(plan.Steps.Select(s => s.Kind is ValidationStepKind.DomainControl or ValidationStepKind.EmailControl ? NotificationKind.DcvInstructions : NotificationKind.OrganizationChecks),
            ctx.Emails.Select(e => e.Kind));
        Assert.All(ctx.Emails.Where(e => e.Kind == NotificationKind.DcvInstructions), e => Assert.Equal([EmailChallenge], e.Challenges!));
        Assert.Empty(Polls(ctx)); // webhooks were on time: no poll was needed
        var tail = ctx.Names.SkipWhile(n => n != nameof(RemoveChallenges)).ToList();
        Assert.Equal([nameof(RemoveChallenges), nameof(FinalizeOrder), nameof(CheckCaOrder), nameof(DownloadAndMerge)], tail);
        Assert.Contains(ctx.Inputs<CheckCaOrderInput>(nameof(CheckCaOrder)), c => c.Until == CaOrderStatus.Valid);
        Assert.DoesNotContain(nameof(StartValidation), ctx.Names); // the CA validates by itself
        Assert.Equal("admin@example.com", Assert.Single(ctx.Inputs<SubmitOrderInput>(nameof(SubmitOrder))).Request.ApproverEmail); // the customer's choice reaches the CA
        // Calls that reach the CA ride out an outage of hours (Retries.CaCall), not the quick policy for our own parts.
        Assert.All(ctx.Calls.Where(c => c.Name is nameof(SubmitOrder) or nameof(FinalizeOrder) or nameof(DownloadAndMerge)),
            c => Assert.Same(Retries.CaCall, c.Options));
        Assert.Equal(0, ctx.WaitersFor(OrderEvents.Cancel) + ctx.WaitersFor(ValidationEvents.Rejected) + ctx.WaitersFor(OrderEvents.DcvMethodChanged));
    }

    [Fact]
    public async Task Events_that_arrive_before_their_wait_and_out_of_order_still_complete_the_plan()
    {
        var ctx = OrderApiCa("ev-single", completeStepsExcept: null);
        foreach (var step in ProductCatalog.Get("ev-single").Plan.Steps.Reverse()) ctx.Raise(step.CompletionEvent, new ValidationEvent(step.CompletionEvent, Ref));

        Assert.Equal(Issued, await Run(ctx, Input("ev-single")));
        Assert.Empty(Polls(ctx));
        Assert.Equal(Start, ctx.Now); // no timer had to fire
    }

    [Fact]
    public async Task A_lost_webhook_is_recovered_by_the_slow_poll()
    {
        var ctx = OrderApiCa("ov-single", completeStepsExcept: null, holdTimers: false);
        var polls = 0;
        ctx.On(nameof(CheckCaOrder), i => ((CheckCaOrderInput)i!).Until == CaOrderStatus.Valid
            ? new CaOrderState(Ref, CaOrderStatus.Valid)
            : new CaOrderState(Ref, CaOrderStatus.Pending, null, ++polls switch
            {
                1 => [],
                2 => [ValidationEvents.DcvCompleted],
                _ => [ValidationEvents.DcvCompleted, ValidationEvents.OrganizationValidated],
            }));

        Assert.Equal(Issued, await Run(ctx, Input("ov-single")));

        Assert.Equal(3, Polls(ctx).Count());
        Assert.All(Polls(ctx), p => Assert.Equal(Ref, p.CaReference));
        Assert.Equal([Start + PollEvery, Start + 2 * PollEvery, Start + 3 * PollEvery], ctx.Timers);
        Assert.Contains(ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)), t => t.Transition.SubStatus == OrganizationChecks);
    }

    [Fact]
    public async Task A_poll_that_finds_the_order_ready_completes_every_remaining_step()
    {
        var ctx = OrderApiCa("ev-single", completeStepsExcept: null, holdTimers: false);
        ctx.On(nameof(CheckCaOrder), i => new CaOrderState(Ref, ((CheckCaOrderInput)i!).Until == CaOrderStatus.Valid ? CaOrderStatus.Valid : CaOrderStatus.Ready));

        Assert.Equal(Issued, await Run(ctx, Input("ev-single")));
        Assert.Single(Polls(ctx));
    }

    [Fact]
    public async Task A_ca_that_cannot_be_reached_while_polling_does_not_fail_the_order()
    {
        var ctx = OrderApiCa("dv-single", completeStepsExcept: null, holdTimers: false);
        var polls = 0;
        ctx.On(nameof(CheckCaOrder), i => ((CheckCaOrderInput)i!).Until == CaOrderStatus.Valid
            ? new CaOrderState(Ref, CaOrderStatus.Valid)
            : ++polls < 3 ? throw ScriptedContext.Failure(nameof(CheckCaOrder), new HttpRequestException("connection refused"))
            : new CaOrderState(Ref, CaOrderStatus.Pending, null, [ValidationEvents.DcvCompleted]));

        Assert.Equal(Issued, await Run(ctx, Input("dv-single")));
        Assert.Equal(3, polls);
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public async Task Each_step_that_is_not_completed_in_time_ends_in_a_timeout_naming_the_deadline(string product, int stalledStep)
    {
        var ctx = OrderApiCa(product, completeStepsExcept: stalledStep, holdTimers: false);
        var plan = ProductCatalog.Get(product).Plan;

        var ex = await Assert.ThrowsAsync<ValidationTimedOutException>(() => Run(ctx, Input(product)));

        // Earlier steps each finished while one poll timer was set, which (firing at once here) moved the clock by one interval.
        var stepStart = new DateTimeOffset(Start + PollEvery * stalledStep, TimeSpan.Zero);
        var deadline = plan.DeadlineFor(stalledStep, stepStart, new DateTimeOffset(Start, TimeSpan.Zero));
        Assert.Equal(deadline.UtcDateTime, ctx.Timers[^1]);
        Assert.Equal(deadline.UtcDateTime, ctx.Now);
        Assert.True(deadline - new DateTimeOffset(Start, TimeSpan.Zero) <= plan.OverallDeadline);
        Assert.Contains($"{deadline:u}", ex.Message);
        Assert.DoesNotContain(nameof(FinalizeOrder), ctx.Names);
        Assert.Equal(nameof(RemoveChallenges), ctx.Names.Last());
        // It kept looking at the CA every interval until the deadline.
        Assert.Equal((int)Math.Ceiling((deadline - stepStart) / PollEvery) - 1, Polls(ctx).Count());
    }

    [Theory]
    [InlineData("dv-single", 45)]
    [InlineData("ov-single", 60)]
    [InlineData("ev-single", 60)]
    public async Task A_dcv_never_done_ends_the_order_no_later_than_the_product_deadline(string product, int days)
    {
        // The CA never finishes anything; the order ends at the first step's deadline, inside the 45/60-day rule.
        var ctx = OrderApiCa(product, completeStepsExcept: null, holdTimers: false);
        await Assert.ThrowsAsync<ValidationTimedOutException>(() => Run(ctx, Input(product)));
        Assert.True(ctx.Now - Start <= TimeSpan.FromDays(days));
        Assert.Equal(ProductCatalog.Get(product).Plan.Steps[0].Timeout, ctx.Now - Start);
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public async Task A_rejection_at_any_step_fails_with_the_cas_reason(string product, int step)
    {
        var ctx = OrderApiCa(product, completeStepsExcept: step);
        var notices = 0;
        var inner = ctx;
        ctx.On(nameof(NotifyCustomer), i =>
        {
            var plan = ProductCatalog.Get(product).Plan;
            var n = notices++;
            if (n == step) inner.Raise(ValidationEvents.Rejected, new ValidationEvent(ValidationEvents.Rejected, Ref, "Organization could not be verified"));
            else inner.Raise(plan.Steps[n].CompletionEvent, new ValidationEvent(plan.Steps[n].CompletionEvent, Ref));
            return true;
        });

        var ex = await Assert.ThrowsAsync<CaOrderFailedException>(() => Run(ctx, Input(product)));

        Assert.Equal("Organization could not be verified", ex.Message);
        Assert.DoesNotContain(nameof(FinalizeOrder), ctx.Names);
        Assert.DoesNotContain(nameof(CancelCaOrder), ctx.Names);
    }

    [Fact]
    public async Task A_poll_that_finds_the_order_invalid_fails_it()
    {
        var ctx = OrderApiCa("ov-single", completeStepsExcept: null, holdTimers: false);
        ctx.On(nameof(CheckCaOrder), _ => throw ScriptedContext.Failure(nameof(CheckCaOrder), new CaOrderFailedException("Domain not registered")));

        var ex = await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx, Input("ov-single")));
        Assert.True(ex.FailureDetails.IsCausedBy<CaOrderFailedException>());
        Assert.Single(Polls(ctx));
    }

    [Theory]
    [MemberData(nameof(EveryStep))]
    public async Task A_cancel_at_any_step_stops_the_wait_and_cancels_at_the_ca(string product, int step)
    {
        var ctx = OrderApiCa(product, completeStepsExcept: step);
        var notices = 0;
        var plan = ProductCatalog.Get(product).Plan;
        ctx.On(nameof(NotifyCustomer), _ =>
        {
            var n = notices++;
            if (n == step) ctx.Raise(OrderEvents.Cancel, new CancelRequest("changed my mind", "customer"));
            else ctx.Raise(plan.Steps[n].CompletionEvent, new ValidationEvent(plan.Steps[n].CompletionEvent, Ref));
            return true;
        });

        var ex = await Assert.ThrowsAsync<IssuanceCancelledException>(() => Run(ctx, Input(product)));

        Assert.Equal("changed my mind", ex.Message);
        var cancel = Assert.Single(ctx.Inputs<CancelCaOrderInput>(nameof(CancelCaOrder)));
        Assert.Equal(("sandbox", Ref, "order-ord-1"), (cancel.CaName, cancel.CaReference, cancel.CertificateName));
        Assert.Equal([nameof(RemoveChallenges), nameof(CancelCaOrder)], ctx.Names.TakeLast(2));
        Assert.DoesNotContain(nameof(FinalizeOrder), ctx.Names);
        Assert.Equal(step + 1, ctx.Emails.Count());
    }

    [Fact]
    public async Task A_cancel_that_came_before_the_pipeline_started_places_nothing_at_the_ca()
    {
        var ctx = OrderApiCa("ov-single");
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("too slow", "customer"));

        await Assert.ThrowsAsync<IssuanceCancelledException>(() => Run(ctx, Input("ov-single")));

        Assert.Equal([nameof(CancelCaOrder)], ctx.Names);
        Assert.Null(Assert.Single(ctx.Inputs<CancelCaOrderInput>(nameof(CancelCaOrder))).CaReference);
    }

    [Fact]
    public async Task An_order_cancelled_while_it_was_being_placed_is_cancelled_at_the_ca_again()
    {
        // The cancel reached the order before the pipeline listened: recording ACTIVATION IN PROGRESS is then illegal.
        var ctx = OrderApiCa("ov-single");
        ctx.On(nameof(RecordTransition), _ => throw ScriptedContext.Failure(nameof(RecordTransition),
            new IllegalTransitionException(new OrderState(OrderStatus.Refunded), new OrderState(OrderStatus.ActivationInProgress, DomainControlValidation), TransitionCauseKind.Submitted)));

        await Assert.ThrowsAsync<IssuanceCancelledException>(() => Run(ctx, Input("ov-single")));

        Assert.Equal(Ref, Assert.Single(ctx.Inputs<CancelCaOrderInput>(nameof(CancelCaOrder))).CaReference);
        Assert.DoesNotContain(nameof(PublishChallenges), ctx.Names);
    }

    [Fact]
    public async Task A_dcv_method_change_swaps_the_answers_and_emails_the_new_instructions()
    {
        var ctx = OrderApiCa("ov-single", completeStepsExcept: null);
        var plan = ProductCatalog.Get("ov-single").Plan;
        ctx.On(nameof(NotifyCustomer), i =>
        {
            var n = (NotifyCustomerInput)i!;
            if (n.Sequence == 101) ctx.Raise(OrderEvents.DcvMethodChanged, new DcvMethodChanged(DcvMethod.Dns01, [DnsChallenge]));
            if (n.Sequence == 151) ctx.Raise(ValidationEvents.DcvCompleted, new ValidationEvent(ValidationEvents.DcvCompleted, Ref));
            if (n.Kind == NotificationKind.OrganizationChecks) ctx.Raise(plan.Steps[1].CompletionEvent, new ValidationEvent(plan.Steps[1].CompletionEvent, Ref));
            return true;
        });

        Assert.Equal(Issued, await Run(ctx, Input("ov-single")));

        var change = ctx.Emails.Single(e => e.Sequence == 151);
        Assert.Equal((NotificationKind.DcvInstructions, DnsChallenge), (change.Kind, change.Challenges!.Single()));
        Assert.Equal([[EmailChallenge], [DnsChallenge]], ctx.Inputs<PublishChallengesInput>(nameof(PublishChallenges)).Select(p => p.Challenges.ToArray()));
        // The old answer goes when the method changes, the new one when the CA has decided.
        Assert.Equal([[EmailChallenge], [DnsChallenge]], ctx.Inputs<PublishChallengesInput>(nameof(RemoveChallenges)).Select(p => p.Challenges.ToArray()));
    }

    [Fact]
    public async Task A_rate_limited_submission_waits_for_the_cas_retry_time_on_a_durable_timer_then_retries()
    {
        var ctx = OrderApiCa("dv-single");
        ctx.HoldTimers = at => at != Start.AddMinutes(7); // only the rate-limit timer fires
        var submits = 0;
        ctx.On(nameof(SubmitOrder), _ => ++submits == 1
            ? throw ScriptedContext.Failure(nameof(SubmitOrder), new CaRateLimitedException(Start.AddMinutes(7), "too many new orders"))
            : new CaSubmission(Ref, [EmailChallenge], true));

        Assert.Equal(Issued, await Run(ctx, Input("dv-single")));

        Assert.Equal(2, submits);
        Assert.Equal(Start.AddMinutes(7), ctx.Timers[0]);
        Assert.Contains(ctx.Statuses.OfType<OrderProgress>(), s => s.WaitingFor!.Contains("rate limit"));
    }

    [Fact]
    public async Task A_rate_limited_finalization_is_retried_after_the_wait_and_a_far_retry_time_is_capped_at_a_day()
    {
        var ctx = OrderApiCa("dv-single");
        ctx.HoldTimers = at => at != Start.AddDays(1);
        var finalizes = 0;
        ctx.On(nameof(FinalizeOrder), _ => ++finalizes == 1
            ? throw ScriptedContext.Failure(nameof(FinalizeOrder), new CaRateLimitedException(Start.AddDays(30), "come back next month"))
            : new CaOrderState(Ref, CaOrderStatus.Processing));

        Assert.Equal(Issued, await Run(ctx, Input("dv-single")));
        Assert.Equal(2, finalizes);
        Assert.Contains(Start.AddDays(1), ctx.Timers);
    }

    [Fact]
    public async Task A_ca_that_stays_rate_limited_fails_the_order_after_a_bounded_number_of_waits()
    {
        var ctx = OrderApiCa("dv-single", holdTimers: false);
        ctx.On(nameof(SubmitOrder), _ => throw ScriptedContext.Failure(nameof(SubmitOrder), new CaRateLimitedException(ctx.Now.AddHours(1), "busy")));

        var ex = await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx, Input("dv-single")));
        Assert.True(ex.FailureDetails.IsCausedBy<CaRateLimitedException>());
        Assert.Equal(IssuancePipeline.MaxRateLimitWaits + 1, ctx.Names.Count(n => n == nameof(SubmitOrder)));
    }

    [Fact]
    public async Task A_cancel_during_a_rate_limit_wait_ends_it()
    {
        var ctx = OrderApiCa("dv-single");
        ctx.On(nameof(SubmitOrder), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("no longer needed", "customer"));
            throw ScriptedContext.Failure(nameof(SubmitOrder), new CaRateLimitedException(Start.AddHours(3), "busy"));
        });

        await Assert.ThrowsAsync<IssuanceCancelledException>(() => Run(ctx, Input("dv-single")));
        Assert.Single(ctx.Names, nameof(SubmitOrder));
    }

    [Fact]
    public void Transient_retries_leave_rate_limits_to_the_pipeline()
    {
        var limited = TaskFailureDetails.FromException(new CaRateLimitedException(Start, "slow down"));
        Assert.False(Retries.Transient.Retry!.Policy!.Handles(limited));
        Assert.False(Retries.PollCa.Retry!.Policy!.Handles(limited));
        Assert.Equal(Start, IssuancePipeline.RetryAt(new TaskFailureDetails(typeof(TaskFailedException).FullName!, "wrapped", null, limited, null))!.Value.UtcDateTime);
        Assert.Null(IssuancePipeline.RetryAt(TaskFailureDetails.FromException(new CaOrderFailedException("no (retry-at=2026-01-01T00:00:00Z)"))));
    }

    [Fact]
    public async Task A_renewal_at_an_order_api_ca_runs_the_plan_but_keeps_the_order_active()
    {
        var ctx = OrderApiCa("ov-single");

        Assert.Equal(Issued, await Run(ctx, Input("ov-single", renewal: true)));

        Assert.DoesNotContain(nameof(RecordTransition), ctx.Names);
        Assert.All(ctx.Statuses.OfType<OrderProgress>(), s => Assert.Equal("ACTIVE", s.Status));
        Assert.Equal(2, ctx.Emails.Count());
    }

    // ---- ACME: the service answers DCV itself ----

    private static ScriptedContext Acme()
    {
        var challenge = new DcvChallenge("www.example.com", DcvMethod.Http01, "tok", "tok.thumb", "http://www.example.com/.well-known/acme-challenge/tok");
        var ctx = new ScriptedContext("ord-1:issue:0", Start) { HoldTimers = _ => true };
        ctx.On(nameof(CreateCsr), new CsrOutput("order-ord-1", "v1", "Q1NS"))
            .On(nameof(SubmitOrder), new CaSubmission("https://pebble/order/1", [challenge]))
            .On(nameof(CheckCaOrder), i => new CaOrderState("https://pebble/order/1", ((CheckCaOrderInput)i!).Until))
            .On(nameof(FinalizeOrder), new CaOrderState("https://pebble/order/1", CaOrderStatus.Processing))
            .On(nameof(DownloadAndMerge), Issued);
        return ctx;
    }

    private static IssueCertificateInput AcmeInput => new("ord-1", 0, "acme", "dv-single", ["www.example.com"], DcvMethod.Http01, null, "order-ord-1", KeyAlgorithm.EcP256, 100);

    [Fact]
    public async Task Acme_dv_answers_the_challenges_itself_and_polls_by_retry_policy()
    {
        var ctx = Acme();

        Assert.Equal(Issued, await Run(ctx, AcmeInput));

        Assert.Equal(
            [nameof(CreateCsr), nameof(SubmitOrder), nameof(RecordTransition), nameof(PublishChallenges), nameof(StartValidation), nameof(CheckCaOrder),
             nameof(RemoveChallenges), nameof(FinalizeOrder), nameof(CheckCaOrder), nameof(DownloadAndMerge)],
            ctx.Names);
        Assert.All(ctx.Calls.Where(c => c.Name == nameof(CheckCaOrder)), c => Assert.Same(Retries.PollCa, c.Options));
        Assert.Empty(ctx.Emails);
        Assert.Empty(ctx.Timers);
    }

    [Fact]
    public async Task Acme_cancel_while_the_ca_validates_stops_the_poll_and_removes_the_answers()
    {
        var ctx = Acme();
        ctx.On(nameof(StartValidation), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("wrong names", "customer"));
            return true;
        });
        ctx.On(nameof(CheckCaOrder), _ => new TaskCompletionSource<CaOrderState>().Task); // the CA is still validating

        await Assert.ThrowsAsync<IssuanceCancelledException>(() => Run(ctx, AcmeInput));

        Assert.Equal([nameof(RemoveChallenges), nameof(CancelCaOrder)], ctx.Names.TakeLast(2));
        Assert.DoesNotContain(nameof(FinalizeOrder), ctx.Names);
    }

    [Fact]
    public async Task Acme_dcv_failure_still_removes_the_answers()
    {
        var ctx = Acme();
        ctx.On(nameof(CheckCaOrder), _ => throw ScriptedContext.Failure(nameof(CheckCaOrder), new CaOrderFailedException("DNS problem: NXDOMAIN")));

        await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx, AcmeInput));
        Assert.Equal(nameof(RemoveChallenges), ctx.Names.Last());
    }
}
