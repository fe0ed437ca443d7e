using Microsoft.DurableTask;
using Moq;
using SslFlow.Activities.Issuance;
using SslFlow.Activities.Lifecycle;
using SslFlow.Activities.Notifications;
using SslFlow.Activities.Orders;
using SslFlow.Activities.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;

using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Notifications;
using SslFlow.Domain.Rules;

namespace SslFlow.Workflow.Tests;

/// <summary>The orchestrations against a mocked port: which steps, in which order, with which inputs and policies.</summary>
public sealed class OrderOrchestrationTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly OrderInput Order = new("ord-1", "dv-single", ["www.example.com"], DcvMethod.Http01, "ops@example.com", "acme");
    private static readonly IssuedCertificate Issued = new("order-ord-1", "v1", "0A0B", "AB", Now, Now.AddDays(90));

    private static Mock<TaskOrchestrationContext> Context(Task<CancelRequest>? cancel = null)
    {
        var ctx = new Mock<TaskOrchestrationContext>(MockBehavior.Strict);
        ctx.SetupGet(c => c.IsReplaying).Returns(false);
        ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        ctx.SetupGet(c => c.InstanceId).Returns("ord-1");
        ctx.Setup(c => c.SetCustomStatus(It.IsAny<object?>()));
        ctx.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).Returns(Task.CompletedTask);
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(true);
        ctx.Setup(c => c.CallActivityAsync<string>(nameof(Refund), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync("refund-1");
        ctx.Setup(c => c.WaitForExternalEvent<CancelRequest>(OrderEvents.Cancel, It.IsAny<CancellationToken>()))
            .Returns(cancel ?? new TaskCompletionSource<CancelRequest>().Task);
        return ctx;
    }

    [Fact]
    public async Task New_order_is_recorded_issued_by_the_pipeline_and_becomes_active()
    {
        var ctx = Context();
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(Issued);

        var result = await new OrderOrchestration().RunAsync(ctx.Object, Order);

        Assert.Equal("ACTIVE", result.Status);
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordOrder), It.Is<RecordOrderInput>(i => i.Order.Status == OrderStatus.PendingActivation && i.Order.DnsNames[0] == "www.example.com"), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallSubOrchestratorAsync<IssuedCertificate>(nameof(IssueCertificateOrchestration),
            It.Is<IssueCertificateInput>(i => i.CertificateName == "order-ord-1" && i.Attempt == 0), It.Is<TaskOptions>(o => ((SubOrchestrationOptions)o).InstanceId == "ord-1:issue:0")));
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.Active && i.Update.SerialNumber == "0A0B"), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.Is<NotifyCustomerInput>(i => i.Kind == NotificationKind.OrderReceived), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.Is<NotifyCustomerInput>(i => i.Kind == NotificationKind.Issued), It.IsAny<TaskOptions?>()));
    }

    [Fact]
    public async Task A_failing_email_does_not_fail_the_order()
    {
        var ctx = Context();
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(Issued);
        ctx.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(NotifyCustomer), 3, new TaskFailureDetails("System.Net.Sockets.SocketException", "connection refused", null, null, null)));

        var result = await new OrderOrchestration().RunAsync(ctx.Object, Order);

        Assert.Equal("ACTIVE", result.Status);
        ctx.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyCustomer), It.IsAny<object?>(), It.Is<TaskOptions>(o => o.Retry!.Policy!.MaxNumberOfAttempts > 1)), Times.Exactly(2));
    }

    [Fact]
    public async Task Failed_issuance_records_activation_error_with_the_reason_and_rethrows()
    {
        var ctx = Context();
        var failure = new TaskFailureDetails(typeof(TaskFailedException).FullName!, "Task 'CheckCaOrder' (#7) failed with an unhandled exception: DNS problem: NXDOMAIN",
            null, new TaskFailureDetails(typeof(CaOrderFailedException).FullName!, "DNS problem: NXDOMAIN", null, null, null), null);
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(IssueCertificateOrchestration), 1, failure));

        await Assert.ThrowsAsync<TaskFailedException>(() => new OrderOrchestration().RunAsync(ctx.Object, Order));

        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i =>
            i.Transition.To == OrderStatus.ActivationError && i.Update.LastError == "DNS problem: NXDOMAIN"), It.IsAny<TaskOptions?>()));
        // then the refund path
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.ToBeRefunded), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync<string>(nameof(Refund), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Once);
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.Refunded), It.IsAny<TaskOptions?>()));
    }

    [Fact]
    public async Task Cancel_while_waiting_for_issuance_goes_to_be_refunded_then_refunded_and_never_active()
    {
        var ctx = Context(Task.FromResult(new CancelRequest("changed my mind", "customer")));
        ctx.Setup(c => c.CallSubOrchestratorAsync<IssuedCertificate>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(new TaskCompletionSource<IssuedCertificate>().Task); // still waiting for DCV

        var result = await new OrderOrchestration().RunAsync(ctx.Object, Order);

        Assert.Equal("REFUNDED", result.Status);
        ctx.Verify(c => c.CallActivityAsync(nameof(CancelCaOrder), It.IsAny<object?>(), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.ToBeRefunded && i.Transition.Actor == OrderActor.Customer), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.Refunded), It.IsAny<TaskOptions?>()));
        ctx.Verify(c => c.CallActivityAsync(nameof(RecordTransition), It.Is<RecordTransitionInput>(i => i.Transition.To == OrderStatus.Active), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public void Poll_policy_retries_only_not_ready()
    {
        var policy = Retries.PollCa.Retry!.Policy!;
        Assert.True(policy.Handles(new TaskFailureDetails(typeof(CaNotReadyException).FullName!, "pending", null, null, null)));
        Assert.False(policy.Handles(new TaskFailureDetails(typeof(CaOrderFailedException).FullName!, "invalid", null, null, null)));
    }
}
