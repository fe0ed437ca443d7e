using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Installation;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Renewal;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>The installation step (issue 17) against scripted activities: install, check on the wire, timeline, email, backoff.</summary>
public sealed class InstallCertificateOrchestrationTests
{
    private static readonly DateTime Start = new(2027, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly NginxTarget Shop = new("shop", "shop.example.com", 8443);
    private static readonly TlsEndpoint Endpoint = new("shop.example.com", 8443);
    private static readonly InstallCertificateInput Input = new("ord-7", "order-ord-7", "0B", "THUMB", new DateTimeOffset(2027, 8, 1, 0, 0, 0, TimeSpan.Zero), [Shop]);

    private static ScriptedContext Context(params TimeSpan[] delays) =>
        new ScriptedContext(InstallCertificateOrchestration.InstanceId("ord-7", "0B"), Start)
            .On(nameof(PrepareInstallation), new InstallationPlan([Shop], delays, TimeSpan.FromSeconds(30)));

    private static List<OrderTransition> Timeline(ScriptedContext ctx) => ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)).Select(i => i.Transition).ToList();

    [Fact]
    public async Task Installed_and_seen_on_the_wire_gives_a_timeline_entry_and_the_confirmation_email()
    {
        var ctx = Context(TimeSpan.FromMinutes(5))
            .On(nameof(InstallCertificate), new InstallResult(InstallOutcome.Installed, "written and reloaded", Endpoint))
            .On(nameof(VerifyInstallation), new TlsVerification(true, "0B", 1, null));

        var summary = await new InstallCertificateOrchestration().RunAsync(ctx.Object, Input);

        Assert.Equal((1, 1), (summary.Targets, summary.Installed));
        var verify = Assert.Single(ctx.Inputs<VerifyInstallationInput>(nameof(VerifyInstallation)));
        Assert.Equal((Endpoint, "0B", TimeSpan.FromSeconds(30)), (verify.Endpoint, verify.SerialNumber, verify.Within));
        var entry = Assert.Single(Timeline(ctx));
        Assert.Equal((OrderStatus.Active, OrderStatus.Active, TransitionCauseKind.Installed), (entry.From!.Value, entry.To, entry.Cause));
        Assert.Equal("installed on shop.example.com:8443", entry.Detail);
        var mail = Assert.Single(ctx.Emails);
        Assert.Equal((NotificationKind.Installed, "installed on shop.example.com:8443"), (mail.Kind, mail.Reason));
        var state = Assert.Single(ctx.Inputs<RecordInstallationInput>(nameof(RecordInstallation))).State;
        Assert.Equal((InstallationPhase.Installed, "0B", 1), (state.Phase, state.SerialNumber, state.Attempts));
        Assert.Empty(ctx.Timers);
    }

    [Fact]
    public async Task A_failed_install_is_reported_once_then_retried_after_the_backoff_and_installed()
    {
        var attempts = 0;
        var ctx = Context(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30))
            .On(nameof(InstallCertificate), _ => ++attempts < 3
                ? InstallResult.Failed("nginx -t failed, rolled back to serial 0A: nginx: [emerg] unknown directive", Endpoint)
                : new InstallResult(InstallOutcome.Installed, "written and reloaded", Endpoint))
            .On(nameof(VerifyInstallation), new TlsVerification(true, "0B", 1, null));

        var summary = await new InstallCertificateOrchestration().RunAsync(ctx.Object, Input);

        Assert.Equal(1, summary.Installed);
        Assert.Equal([Start.AddMinutes(5), Start.AddMinutes(35)], ctx.Timers); // durable timers from the plan's backoff
        Assert.Equal([TransitionCauseKind.InstallFailed, TransitionCauseKind.Installed], Timeline(ctx).Select(t => t.Cause));
        Assert.StartsWith("installation failed: nginx -t failed, rolled back to serial 0A", Timeline(ctx)[0].Detail);
        Assert.Equal([NotificationKind.InstallFailed, NotificationKind.Installed], ctx.Emails.Select(e => e.Kind)); // told once, not per retry
        Assert.Equal([InstallationPhase.Failed, InstallationPhase.Failed, InstallationPhase.Installed],
            ctx.Inputs<RecordInstallationInput>(nameof(RecordInstallation)).Select(i => i.State.Phase));
        Assert.Single(ctx.Inputs<VerifyInstallationInput>(nameof(VerifyInstallation))); // a failed install is not checked on the wire
    }

    [Fact]
    public async Task A_wrong_serial_on_the_wire_is_a_failure_and_the_retries_end_after_the_schedule()
    {
        var ctx = Context(TimeSpan.FromMinutes(1))
            .On(nameof(InstallCertificate), new InstallResult(InstallOutcome.AlreadyInstalled, "already", Endpoint))
            .On(nameof(VerifyInstallation), new TlsVerification(false, "0A", 4, null));

        var summary = await new InstallCertificateOrchestration().RunAsync(ctx.Object, Input);

        Assert.Equal(0, summary.Installed);
        Assert.Equal("shop.example.com:8443 serves serial 0A, not 0B", Assert.Single(summary.Failures));
        Assert.Equal(2, ctx.Inputs<InstallRequest>(nameof(InstallCertificate)).Count());
        Assert.Equal(TransitionCauseKind.InstallFailed, Assert.Single(Timeline(ctx)).Cause);
        Assert.Equal(NotificationKind.InstallFailed, Assert.Single(ctx.Emails).Kind);
    }

    [Fact]
    public async Task A_newer_certificate_stops_the_retries_of_an_older_one()
    {
        var ctx = Context(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30))
            .On(nameof(InstallCertificate), InstallResult.Failed("reload failed", Endpoint))
            .On(nameof(RecordInstallation), false); // the order's serial is another one now

        var summary = await new InstallCertificateOrchestration().RunAsync(ctx.Object, Input);

        Assert.Equal(0, summary.Installed);
        Assert.Single(ctx.Inputs<InstallRequest>(nameof(InstallCertificate)));
        Assert.Empty(ctx.Timers);
        Assert.Empty(Timeline(ctx));
        Assert.Empty(ctx.Emails);
    }

    [Fact]
    public async Task A_failed_installation_changes_nothing_else_on_the_order()
    {
        var ctx = Context()
            .On(nameof(InstallCertificate), InstallResult.Failed("nginx -t failed, rolled back to serial 0A", Endpoint));

        await new InstallCertificateOrchestration().RunAsync(ctx.Object, Input);

        // Status, serial and dates stay as the issuance left them: the previous certificate keeps serving and the order stays downloadable.
        var change = Assert.Single(ctx.Inputs<RecordTransitionInput>(nameof(RecordTransition)));
        Assert.Equal(new OrderUpdate(), change.Update);
        Assert.Equal(OrderStatus.Active, change.Transition.To);
        Assert.DoesNotContain(ctx.Names, n => n is nameof(DownloadAndMerge) or nameof(UpdateInventory));
    }

    [Fact]
    public async Task A_renewal_reinstalls_its_new_certificate_on_the_stored_targets()
    {
        var now = new DateTimeOffset(Start, TimeSpan.Zero);
        var item = new InventoryItem("ord-9", "dv-single", ["www.example.com"], "acme", DcvMethod.Http01, "ops@example.com", "order-ord-9",
            KeyAlgorithm.EcP256, "0A", now.AddDays(-60), now.AddDays(30), now.AddMinutes(-5));
        var ctx = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        ctx.SetupGet(c => c.IsReplaying).Returns(false);
        ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(Start);
        ctx.SetupGet(c => c.InstanceId).Returns("renew-ord-9");
        ctx.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).Returns(Task.CompletedTask);
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(true);
        ctx.Setup(c => c.CallActivityAsync<RenewalPreparation>(nameof(PrepareRenewal), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new RenewalPreparation(true, null, null, null));
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new IssuedCertificate("order-ord-9", "v2", "0B", "T2", now, now.AddDays(90)));
        ctx.Setup(c => c.CallSubOrchestratorAsync<InstallSummary>(nameof(InstallCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new InstallSummary("ord-9", "0B", 1, 1, []));

        var result = await new RenewalOrchestration().RunAsync(ctx.Object, new RenewalInput(item));

        Assert.True(result.Renewed);
        ctx.Verify(c => c.CallSubOrchestratorAsync<InstallSummary>(nameof(InstallCertificateOrchestration),
            It.Is<InstallCertificateInput>(i => i.OrderId == "ord-9" && i.SerialNumber == "0B" && i.Thumbprint == "T2" && i.Targets == null),
            It.Is<TaskOptions?>(o => o is SubOrchestrationOptions && ((SubOrchestrationOptions)o).InstanceId == "install-ord-9-0B")));
    }
}
