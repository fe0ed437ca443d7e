using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Renewal;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>The renewal orchestration against a mocked port: ARI deferral and <c>replaces</c>, the person-needed email, failure handling.</summary>
public sealed class RenewalOrchestrationTests
{
    private static readonly DateTime Now = new(2027, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset NotBefore = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly InventoryItem Item = new("ord-9", "dv-single", ["www.example.com"], "acme", DcvMethod.Http01, "ops@example.com", "order-ord-9",
        KeyAlgorithm.EcP256, "0A", NotBefore, NotBefore.AddDays(90), new DateTimeOffset(Now, TimeSpan.Zero).AddMinutes(-5));

    private static Mock<TaskOrchestrationContext> Context(RenewalPreparation prep)
    {
        var ctx = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        ctx.SetupGet(c => c.IsReplaying).Returns(false);
        ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        ctx.SetupGet(c => c.InstanceId).Returns("renew-ord-9");
        ctx.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).Returns(Task.CompletedTask);
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(true);
        ctx.Setup(c => c.CallActivityAsync<RenewalPreparation>(nameof(PrepareRenewal), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(prep);
        ctx.Setup(c => c.CallSubOrchestratorAsync<InstallSummary>(nameof(InstallCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new InstallSummary("ord-9", "0B", 0, 0, []));
        return ctx;
    }

    [Fact]
    public async Task An_ari_window_that_lies_later_defers_the_renewal_into_it_without_ordering()
    {
        var window = (Start: new DateTimeOffset(Now, TimeSpan.Zero).AddDays(3), End: new DateTimeOffset(Now, TimeSpan.Zero).AddDays(5));
        var ctx = Context(new RenewalPreparation(true, window.Start, window.End, "aki.serial"));

        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item));

        Assert.False(result.Renewed);
        Assert.InRange(result.NextRenewal!.Value, window.Start, window.End);
        ctx.Verify(c => c.CallActivityAsync(nameof(UpdateInventory), It.Is<UpdateInventoryInput>(i => !i.Plan && i.Item.RenewAt == result.NextRenewal), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task Inside_the_ari_window_the_renewal_names_the_old_certificate_in_replaces()
    {
        var ctx = Context(new RenewalPreparation(true, new DateTimeOffset(Now, TimeSpan.Zero).AddDays(-2), new DateTimeOffset(Now, TimeSpan.Zero).AddMinutes(-1), "aki.serial"));
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new IssuedCertificate("order-ord-9", "v2", "0B", "T", new DateTimeOffset(Now, TimeSpan.Zero), new DateTimeOffset(Now, TimeSpan.Zero).AddDays(90)));

        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item));

        Assert.True(result.Renewed);
        ctx.Verify(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
            It.Is<IssueCertificateInput>(i => i.Replaces == "aki.serial" && i.Renewal && i.Attempt == 1), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync(nameof(UpdateInventory), It.Is<UpdateInventoryInput>(i => i.Plan && i.Item.SerialNumber == "0B" && i.Item.Renewals == 1), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.Is<NotifyCustomerInput>(i => i.Kind == NotificationKind.Renewed), It.IsAny<TaskOptions?>()));
    }

    [Fact]
    public async Task A_stale_index_entry_renews_nothing()
    {
        var ctx = Context(new RenewalPreparation(false));
        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item));
        Assert.False(result.Renewed);
        ctx.Verify(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(1, 10, false)]
    [InlineData(2, 100, false)]
    [InlineData(3, 1440, true)]
    [InlineData(7, 1440, true)]
    public async Task A_failed_renewal_is_retried_on_schedule_and_the_customer_told_on_the_first_and_the_daily_failures(int failuresBefore, int retryMinutes, bool told)
    {
        var ctx = Context(new RenewalPreparation(true));
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(IssueCertificateOrchestration), 1,
                new TaskFailureDetails(typeof(CaOrderFailedException).FullName!, "rejectedIdentifier", null, null, null)));

        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item with { Failures = failuresBefore }));

        Assert.Equal(new DateTimeOffset(Now, TimeSpan.Zero).AddMinutes(retryMinutes), result.NextRenewal);
        ctx.Verify(c => c.CallActivityAsync(nameof(UpdateInventory), It.Is<UpdateInventoryInput>(i => !i.Plan && i.Item.Failures == failuresBefore + 1 && i.Item.RenewAt == result.NextRenewal), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.Is<NotifyCustomerInput>(i => i.Kind == NotificationKind.RenewalFailed && i.Reason!.Contains("rejectedIdentifier")), It.IsAny<TaskOptions?>()),
            told ? Times.Once() : Times.Never());
    }

    private static Mock<TaskOrchestrationContext> Renewing(List<IssueCertificateInput> pipelines)
    {
        var ctx = Context(new RenewalPreparation(true));
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, i, _) => pipelines.Add((IssueCertificateInput)i!))
            .ReturnsAsync(new IssuedCertificate("order-ord-9", "v2", "0B", "T", new DateTimeOffset(Now, TimeSpan.Zero), new DateTimeOffset(Now, TimeSpan.Zero).AddDays(90)));
        return ctx;
    }

    [Fact]
    public async Task An_ov_renewal_sends_the_organization_of_the_order_to_the_ca_and_keeps_it_for_the_next_renewal()
    {
        var subject = new SslFlow.Domain.Organizations.SubjectDetails(
            new("Rossi Costruzioni S.p.A.", "IT", "Lombardia", "Milano", "Via Roma 1", "20121", "+390212345678"), null, null);
        var pipelines = new List<IssueCertificateInput>();
        var ctx = Renewing(pipelines);

        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item with { ProductCode = "ov-single", OrganizationValidatedAt = NotBefore, Subject = subject }));

        Assert.True(result.Renewed);
        Assert.Equal(subject, Assert.Single(pipelines).Subject);
        ctx.Verify(c => c.CallActivityAsync(nameof(UpdateInventory), It.Is<UpdateInventoryInput>(i => i.Plan && i.Item.SerialNumber == "0B" && i.Item.Subject == subject), It.IsAny<TaskOptions?>()));
    }

    [Fact]
    public async Task An_smime_pro_renewal_asks_for_a_csr_naming_the_mailbox_and_the_person_again()
    {
        var person = new SslFlow.Domain.Organizations.SubjectDetails(null, null, new("Maria", "De Luca"));
        var pipelines = new List<IssueCertificateInput>();
        var ctx = Renewing(pipelines);

        await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item with { ProductCode = "smime-pro", DnsNames = ["maria@example.com"], DcvMethod = DcvMethod.Email, Subject = person }));

        var csr = IssuancePipeline.CsrInputFor(Assert.Single(pipelines));
        Assert.Equal(new SslFlow.Domain.Organizations.SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca"), csr.Smime);
    }

    [Fact]
    public async Task An_item_recorded_before_the_inventory_kept_subjects_renews_as_before_with_none()
    {
        var pipelines = new List<IssueCertificateInput>();
        var ctx = Renewing(pipelines);

        await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(Item with { ProductCode = "ov-single", OrganizationValidatedAt = NotBefore }));

        Assert.Null(Assert.Single(pipelines).Subject);
    }

    [Fact]
    public async Task A_renewal_that_needs_a_person_tells_the_customer_what_is_needed_before_it_starts()
    {
        var ctx = Context(new RenewalPreparation(true));
        var sequence = new List<string>();
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, i, _) => sequence.Add(((NotifyCustomerInput)i!).Kind.ToString())).ReturnsAsync(true);
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => sequence.Add("issue"))
            .ReturnsAsync(new IssuedCertificate("order-ord-9", "v2", "0B", "T", new DateTimeOffset(Now, TimeSpan.Zero), new DateTimeOffset(Now, TimeSpan.Zero).AddDays(90)));
        var ov = Item with { ProductCode = "ov-single", NeedsPerson = true, OrganizationValidatedAt = NotBefore.AddDays(-500) };

        await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(ov));

        Assert.Equal(["RenewalActionNeeded", "issue", "Renewed"], sequence);
        ctx.Verify(c => c.CallActivityAsync(nameof(UpdateInventory), It.Is<UpdateInventoryInput>(i =>
            i.Item.OrganizationValidatedAt == new DateTimeOffset(Now, TimeSpan.Zero) && !i.Item.NeedsPerson), It.IsAny<TaskOptions?>()));
    }
}

public sealed class DisableCertificateOrchestrationTests
{
    private static readonly InventoryItem Item = new("ord-3", "dv-single", ["www.example.com"], "acme", DcvMethod.Http01, "ops@example.com", "order-ord-3",
        KeyAlgorithm.EcP256, "0A", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static Mock<TaskOrchestrationContext> Context()
    {
        var ctx = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        ctx.SetupGet(c => c.IsReplaying).Returns(false);
        ctx.SetupGet(c => c.InstanceId).Returns("disable-ord-9-0A"); // audit entries and mails are keyed by it (issue 26 item 2)
        ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2027, 4, 1, 0, 30, 0, DateTimeKind.Utc));
        ctx.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).Returns(Task.CompletedTask);
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(true);
        return ctx;
    }

    [Fact]
    public async Task Expiry_disables_unschedules_and_tells_the_customer()
    {
        var ctx = Context();
        Assert.True(await new DisableCertificateOrchestration().RunAsync(ctx.Object, new RenewalInput(Item)));
        ctx.Verify(c => c.CallActivityAsync(nameof(Activities.Orders.RecordTransition), It.Is<Contracts.Issuance.RecordTransitionInput>(i =>
            i.Transition.From == Domain.Orders.OrderStatus.Active && i.Transition.To == Domain.Orders.OrderStatus.CertificateDisabled), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync(nameof(RemoveFromSchedule), It.Is<RemoveFromScheduleInput>(i => i.CertificateId == "ord-3"), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.Is<NotifyCustomerInput>(i => i.Kind == NotificationKind.Disabled), It.IsAny<TaskOptions?>()));
    }

    [Fact]
    public async Task An_order_no_longer_active_only_leaves_the_schedule()
    {
        var ctx = Context();
        ctx.Setup(c => c.CallActivityAsync(nameof(Activities.Orders.RecordTransition), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(Activities.Orders.RecordTransition), 1,
                new TaskFailureDetails(typeof(Domain.Orders.IllegalTransitionException).FullName!, "REVOKED → CERTIFICATE DISABLED is not allowed", null, null, null)));

        Assert.False(await new DisableCertificateOrchestration().RunAsync(ctx.Object, new RenewalInput(Item)));
        ctx.Verify(c => c.CallActivityAsync(nameof(RemoveFromSchedule), It.IsAny<object?>(), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }
}
