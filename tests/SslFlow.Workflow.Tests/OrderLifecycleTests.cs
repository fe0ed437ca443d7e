using Microsoft.DurableTask;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Lifecycle;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>The order orchestration's endings (timeout, rejection, cancel at each moment) and the reissue, revoke and cancel-after-issuance orchestrations.</summary>
public sealed class OrderLifecycleTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly OrderInput Order = new("ord-1", "ov-single", ["www.example.com"], DcvMethod.Email, "ops@example.com", "sandbox",
        ValidationPollInterval: TimeSpan.FromMinutes(5));
    private static readonly IssuedCertificate Issued = new("order-ord-1", "v1", "0A0B", "AB", Start, Start.AddDays(200));

    private static ScriptedContext Context(Func<object?, object?> pipeline)
    {
        var ctx = new ScriptedContext("ord-1", Start) { HoldTimers = _ => true };
        ctx.On(nameof(Refund), "refund-1").On(nameof(IssueCertificateOrchestration), pipeline);
        return ctx;
    }

    private static TaskFailedException PipelineFailed(Exception cause) =>
        new(nameof(IssueCertificateOrchestration), 3, TaskFailureDetails.FromException(cause));

    private static List<OrderTransition> Transitions(ScriptedContext ctx) => ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Select(t => t.Transition).ToList();

    private static Task<OrderResult> Run(ScriptedContext ctx) => new OrderOrchestration().RunAsync(ctx.Object, Order).WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task The_pipeline_runs_as_a_named_sub_orchestration_with_the_configured_poll_interval()
    {
        var ctx = Context(_ => Issued);

        var result = await Run(ctx);

        Assert.Equal("ACTIVE", result.Status);
        var (name, input, options) = Assert.Single(ctx.SubOrchestrations);
        Assert.Equal((nameof(IssueCertificateOrchestration), "ord-1:issue:0"), (name, options!.InstanceId));
        Assert.Equal(TimeSpan.FromMinutes(5), ((IssueCertificateInput)input!).ValidationPollInterval);
        Assert.Equal(OrderOrchestration.IssuanceInstanceId("ord-1"), options.InstanceId);
        Assert.Contains(nameof(UpdateInventory), ctx.Names);
    }

    [Fact]
    public async Task A_validation_timeout_is_an_activation_error_with_cause_timeout_then_refunded()
    {
        var ctx = Context(_ => throw PipelineFailed(new ValidationTimedOutException("Organization validation was not completed by 2027-01-23 10:00:00Z")));

        await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx));

        var t = Transitions(ctx);
        Assert.Equal([OrderStatus.ActivationError, OrderStatus.ToBeRefunded, OrderStatus.Refunded], t.Select(x => x.To));
        Assert.Equal((TransitionCauseKind.TimedOut, OrderActor.System), (t[0].Cause, t[0].Actor));
        Assert.StartsWith("Organization validation was not completed", t[0].Detail);
        Assert.Equal(TransitionCauseKind.RefundDue, t[1].Cause);
        Assert.Contains(ctx.Emails, e => e.Kind == NotificationKind.ActivationError && e.Reason!.StartsWith("Organization validation"));
        Assert.Equal("ord-1", Assert.Single(ctx.Inputs<CancelCaOrderInput>(nameof(CancelCaOrder))).OrderId);
    }

    [Fact]
    public async Task A_ca_rejection_is_an_activation_error_with_cause_rejected()
    {
        var ctx = Context(_ => throw PipelineFailed(new CaOrderFailedException("Organization could not be verified")));

        await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx));

        var error = Transitions(ctx)[0];
        Assert.Equal((OrderStatus.ActivationError, TransitionCauseKind.Rejected, OrderActor.CertificateAuthority, "Organization could not be verified"),
            (error.To, error.Cause, error.Actor, error.Detail));
    }

    [Fact]
    public async Task A_ca_that_refuses_the_cancel_does_not_hold_the_refund_back()
    {
        var ctx = Context(_ => throw PipelineFailed(new CaOrderFailedException("rejected")));
        ctx.On(nameof(CancelCaOrder), _ => throw ScriptedContext.Failure(nameof(CancelCaOrder), new InvalidOperationException("409 already rejected")));

        await Assert.ThrowsAsync<TaskFailedException>(() => Run(ctx));
        Assert.Equal(OrderStatus.Refunded, Transitions(ctx)[^1].To);
    }

    [Fact]
    public async Task The_pipeline_stopping_for_a_cancel_refunds_the_order_without_an_activation_error()
    {
        var ctx = Context(_ => throw PipelineFailed(new IssuanceCancelledException("changed my mind")));

        var result = await Run(ctx);

        Assert.Equal(("REFUNDED", "changed my mind"), (result.Status, result.Error));
        var t = Transitions(ctx);
        Assert.Equal([OrderStatus.ToBeRefunded, OrderStatus.Refunded], t.Select(x => x.To));
        Assert.Equal((TransitionCauseKind.Cancelled, OrderActor.Customer), (t[0].Cause, t[0].Actor));
        Assert.DoesNotContain(ctx.Emails, e => e.Kind == NotificationKind.ActivationError);
    }

    [Fact]
    public async Task A_cancel_heard_first_by_the_order_waits_for_the_pipeline_to_stop_then_refunds()
    {
        var pipeline = new TaskCompletionSource<IssuedCertificate>();
        var ctx = Context(_ => pipeline.Task);
        ctx.HoldTimers = _ =>
        {
            // While the grace timer runs, the pipeline (which got the same cancel) stops.
            pipeline.TrySetException(PipelineFailed(new IssuanceCancelledException("stop")));
            return true;
        };
        // The cancel arrives after the order started listening, while the pipeline runs.
        ctx.On(nameof(IssueCertificateOrchestration), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
            return pipeline.Task;
        });

        var result = await Run(ctx);

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal(Start + OrderOrchestration.CancelGrace, Assert.Single(ctx.Timers));
        Assert.Equal([OrderStatus.ToBeRefunded, OrderStatus.Refunded], Transitions(ctx).Select(x => x.To));
        Assert.Single(ctx.Names, nameof(Refund));
    }

    [Fact]
    public async Task A_pipeline_that_never_heard_the_cancel_is_given_up_on_after_the_grace_period()
    {
        var ctx = Context(_ => new TaskCompletionSource<IssuedCertificate>().Task);
        ctx.HoldTimers = _ => false; // the grace timer fires
        ctx.On(nameof(IssueCertificateOrchestration), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
            return new TaskCompletionSource<IssuedCertificate>().Task;
        });

        var result = await Run(ctx);

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal(Start + OrderOrchestration.CancelGrace, ctx.Now);
        var cancel = Assert.Single(ctx.Inputs<CancelCaOrderInput>(nameof(CancelCaOrder)));
        Assert.Equal(("ord-1", null), (cancel.OrderId, cancel.CaReference)); // the activity finds the CA reference on the order
    }

    [Fact]
    public async Task A_certificate_issued_while_the_cancel_was_on_its_way_is_recorded_then_revoked_and_refunded()
    {
        var pipeline = new TaskCompletionSource<IssuedCertificate>();
        var ctx = Context(_ => pipeline.Task);
        ctx.On(nameof(IssueCertificateOrchestration), _ =>
        {
            ctx.Raise(OrderEvents.Cancel, new CancelRequest("stop", "customer"));
            return pipeline.Task;
        });
        ctx.HoldTimers = _ =>
        {
            pipeline.TrySetResult(Issued); // it was past finalization: the certificate comes out
            return true;
        };
        ctx.On(nameof(CancelIssuedOrchestration), "0A0B");

        var result = await Run(ctx);

        Assert.Equal("REFUNDED", result.Status);
        Assert.Equal(OrderStatus.Active, Assert.Single(Transitions(ctx)).To);
        var (_, input, options) = ctx.SubOrchestrations.Single(s => s.Name == nameof(CancelIssuedOrchestration));
        Assert.Equal("cancel-ord-1", options!.InstanceId);
        Assert.Equal(("ord-1", "order-ord-1"), (((CancelIssuedRequest)input!).OrderId, ((CancelIssuedRequest)input!).CertificateName));
        Assert.DoesNotContain(nameof(UpdateInventory), ctx.Names); // never scheduled for renewal
    }

    [Fact]
    public async Task A_cancel_before_anything_was_placed_does_not_start_the_pipeline()
    {
        var ctx = Context(_ => Issued);
        ctx.Raise(OrderEvents.Cancel, new CancelRequest("oops", "customer"));

        var result = await Run(ctx);

        Assert.Equal("REFUNDED", result.Status);
        Assert.Empty(ctx.SubOrchestrations);
        Assert.Equal([OrderStatus.ToBeRefunded, OrderStatus.Refunded], Transitions(ctx).Select(x => x.To));
    }

    // ---- reissue, revoke, cancel after issuance ----

    [Fact]
    public async Task Reissue_runs_the_same_pipeline_as_a_renewal_of_the_same_vault_name_and_keeps_the_order_active()
    {
        var ctx = new ScriptedContext("reissue-ord-1-0A0B", Start);
        var reissued = Issued with { Version = "v2", SerialNumber = "0E0F" };
        ctx.On(nameof(IssueCertificateOrchestration), reissued);
        var request = new ReissueRequest("ord-1", "acme", "dv-multi", ["a.example.com", "b.example.com"], DcvMethod.Http01, "ops@example.com", "order-ord-1", KeyAlgorithm.EcP384, 0);

        var result = await new ReissueOrchestration().RunAsync(ctx.Object, request);

        Assert.Equal(reissued, result);
        var pipeline = (IssueCertificateInput)Assert.Single(ctx.SubOrchestrations, s => s.Name == nameof(IssueCertificateOrchestration)).Input!;
        // Then the new certificate goes onto the order's install targets (issue 17), one installation per serial.
        Assert.Equal("install-ord-1-0E0F", Assert.Single(ctx.SubOrchestrations, s => s.Name == nameof(InstallCertificateOrchestration)).Options!.InstanceId);
        // Same order and vault name, a new key, no status change while it runs (the old certificate stays current).
        Assert.Equal(("ord-1", "order-ord-1", KeyAlgorithm.EcP384, true), (pipeline.OrderId, pipeline.CertificateName, pipeline.Key, pipeline.Renewal));
        Assert.Equal(["a.example.com", "b.example.com"], pipeline.DnsNames);
        var t = Assert.Single(ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)));
        Assert.Equal((OrderStatus.Active, OrderStatus.Active, TransitionCauseKind.Reissued), (t.Transition.From!.Value, t.Transition.To, t.Transition.Cause));
        Assert.Equal(("0E0F", 2), (t.Update.SerialNumber, t.Update.DnsNames!.Count));
        Assert.Null(t.Update.CaReference); // the order keeps its CA reference
        Assert.Equal("0E0F", Assert.Single(ctx.Inputs<UpdateInventoryInput>(nameof(UpdateInventory))).Item.SerialNumber);
        Assert.DoesNotContain(nameof(RevokeCertificate), ctx.Names);
    }

    private static readonly SslFlow.Domain.Organizations.SubjectDetails OvSubject = new(
        new("Rossi Costruzioni S.p.A.", "IT", "Lombardia", "Milano", "Via Roma 1", "20121", "+390212345678"),
        new(new("Anna Rossi", "anna@example.com", "+390212345679"), null), null);

    [Fact]
    public async Task A_new_order_keeps_its_subject_details_on_the_record_and_in_the_inventory_so_renewals_can_ask_for_them_again()
    {
        var ctx = Context(_ => Issued);

        await new OrderOrchestration().RunAsync(ctx.Object, Order with { Subject = OvSubject }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OvSubject, Assert.Single(ctx.Inputs<RecordOrderInput>(nameof(RecordOrder))).Order.Subject);
        Assert.Equal(OvSubject, ((IssueCertificateInput)Assert.Single(ctx.SubOrchestrations).Input!).Subject);
        Assert.Equal(OvSubject, Assert.Single(ctx.Inputs<UpdateInventoryInput>(nameof(UpdateInventory))).Item.Subject);
    }

    [Fact]
    public async Task A_reissue_asks_the_pipeline_for_the_orders_subject_and_keeps_it_in_the_inventory()
    {
        var ctx = new ScriptedContext("reissue-ord-1-0A0B", Start);
        ctx.On(nameof(IssueCertificateOrchestration), Issued with { Version = "v2", SerialNumber = "0E0F" });
        var request = new ReissueRequest("ord-1", "sandbox", "ov-multi", ["a.example.com", "b.example.com"], DcvMethod.Dns01, "ops@example.com", "order-ord-1",
            KeyAlgorithm.EcP256, 0, OvSubject);

        await new ReissueOrchestration().RunAsync(ctx.Object, request);

        var pipeline = (IssueCertificateInput)Assert.Single(ctx.SubOrchestrations, s => s.Name == nameof(IssueCertificateOrchestration)).Input!;
        Assert.Equal(OvSubject, pipeline.Subject);
        Assert.Equal(OvSubject, Assert.Single(ctx.Inputs<UpdateInventoryInput>(nameof(UpdateInventory))).Item.Subject);
    }

    [Fact]
    public async Task A_reissue_of_an_smime_pro_certificate_asks_for_a_csr_naming_the_person_again()
    {
        var ctx = new ScriptedContext("reissue-ord-2-0A0B", Start);
        ctx.On(nameof(IssueCertificateOrchestration), Issued with { Version = "v2", SerialNumber = "0E0F" });
        var person = new SslFlow.Domain.Organizations.SubjectDetails(null, null, new("Maria", "De Luca"));
        var request = new ReissueRequest("ord-2", "sandbox", "smime-pro", ["maria@example.com"], DcvMethod.Email, "maria@example.com", "order-ord-2",
            KeyAlgorithm.EcP256, 0, person);

        await new ReissueOrchestration().RunAsync(ctx.Object, request);

        var pipeline = (IssueCertificateInput)Assert.Single(ctx.SubOrchestrations, s => s.Name == nameof(IssueCertificateOrchestration)).Input!;
        Assert.Equal(new SslFlow.Domain.Organizations.SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca"), IssuancePipeline.CsrInputFor(pipeline).Smime);
    }

    [Fact]
    public async Task Revoke_uses_the_rfc_5280_reason_and_takes_the_certificate_out_of_the_schedule()
    {
        var ctx = new ScriptedContext("revoke-ord-1-0A0B", Start);
        ctx.On(nameof(RevokeCertificate), "0A0B");

        var serial = await new RevokeOrchestration().RunAsync(ctx.Object, new RevokeRequest("ord-1", "acme", "order-ord-1", 1, "keyCompromise"));

        Assert.Equal("0A0B", serial);
        Assert.Equal(1, Assert.Single(ctx.Inputs<RevokeInput>(nameof(RevokeCertificate))).Reason);
        Assert.Equal([nameof(RevokeCertificate), nameof(RemoveFromSchedule), nameof(RecordTransition), nameof(NotifyCustomer)], ctx.Names);
        var t = Assert.Single(Transitions(ctx));
        Assert.Equal((OrderStatus.Revoked, TransitionCauseKind.Revoked), (t.To, t.Cause));
        Assert.Contains("keyCompromise", t.Detail);
        Assert.Equal(NotificationKind.Revoked, Assert.Single(ctx.Emails).Kind);
    }

    [Fact]
    public async Task Cancel_after_issuance_revokes_first_then_refunds()
    {
        var ctx = new ScriptedContext("cancel-ord-1", Start);
        ctx.On(nameof(RevokeCertificate), "0A0B").On(nameof(Refund), "refund-1");

        await new CancelIssuedOrchestration().RunAsync(ctx.Object, new CancelIssuedRequest("ord-1", "acme", "order-ord-1", "not needed"));

        Assert.Equal(RevocationReasons.ByName["cessationOfOperation"], Assert.Single(ctx.Inputs<RevokeInput>(nameof(RevokeCertificate))).Reason);
        var t = Transitions(ctx);
        Assert.Equal([OrderStatus.Revoked, OrderStatus.ToBeRefunded, OrderStatus.Refunded], t.Select(x => x.To));
        Assert.All(t.Take(2), x => Assert.Equal(TransitionCauseKind.Cancelled, x.Cause));
        Assert.True(ctx.Names.ToList().IndexOf(nameof(RevokeCertificate)) < ctx.Names.ToList().IndexOf(nameof(Refund)));
    }
}
