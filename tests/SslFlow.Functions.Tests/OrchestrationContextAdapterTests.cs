using Moq;
using SslFlow.Functions.DurableAdapters;
using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.Tests;

public sealed class OrchestrationContextAdapterTests
{
    private static readonly DateTime Now = new(2026, 3, 14, 12, 0, 0, DateTimeKind.Utc);

    private readonly Mock<Durable.TaskOrchestrationContext> durable = new(MockBehavior.Strict);

    private DurableOrchestrationContextAdapter Adapter() => new(this.durable.Object);

    private sealed record CsrRequest(string OrderId, string[] Names);

    private sealed record CsrResult(string Csr);

    [Fact]
    public void Properties_are_read_from_durable()
    {
        this.durable.SetupGet(c => c.Name).Returns(new Durable.TaskName("IssueCertificate"));
        this.durable.SetupGet(c => c.InstanceId).Returns("order-42");
        this.durable.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        this.durable.SetupGet(c => c.IsReplaying).Returns(true);
        this.durable.Setup(c => c.GetInput<CsrRequest>()).Returns(new CsrRequest("o", ["a.example"]));
        var guid = Guid.NewGuid();
        this.durable.Setup(c => c.NewGuid()).Returns(guid);

        var adapter = this.Adapter();

        Assert.Equal("IssueCertificate", adapter.Name);
        Assert.Equal("order-42", adapter.InstanceId);
        Assert.Equal(Now, adapter.CurrentUtcDateTime);
        Assert.True(adapter.IsReplaying);
        Assert.Equal("o", adapter.GetInput<CsrRequest>()!.OrderId);
        Assert.Equal(guid, adapter.NewGuid());
    }

    [Fact]
    public async Task CallActivity_passes_name_input_and_no_options_when_none_given()
    {
        var input = new CsrRequest("order-1", ["www.example.com"]);
        this.durable
            .Setup(c => c.CallActivityAsync<CsrResult>(It.Is<Durable.TaskName>(n => n.Name == "CreateCsr"), input, null))
            .ReturnsAsync(new CsrResult("MIIC..."));

        var result = await this.Adapter().CallActivityAsync<CsrResult>("CreateCsr", input);

        Assert.Equal("MIIC...", result.Csr);
        this.durable.VerifyAll();
    }

    [Fact]
    public async Task CallActivity_maps_the_retry_policy_onto_durable_options()
    {
        Durable.TaskOptions? seen = null;
        this.durable
            .Setup(c => c.CallActivityAsync<CsrResult>(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.TaskOptions?>()))
            .Callback((Durable.TaskName _, object? _, Durable.TaskOptions? o) => seen = o)
            .ReturnsAsync(new CsrResult("x"));
        var policy = new Port.RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(16), TimeSpan.FromMinutes(5));

        await this.Adapter().CallActivityAsync<CsrResult>("CreateCsr", null, Port.TaskOptions.FromRetryPolicy(policy));

        var durablePolicy = Assert.IsType<Durable.TaskOptions>(seen).Retry?.Policy;
        Assert.NotNull(durablePolicy);
        Assert.Equal(5, durablePolicy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), durablePolicy.FirstRetryInterval);
        Assert.Equal(2.0, durablePolicy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(16), durablePolicy.MaxRetryInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), durablePolicy.RetryTimeout);
    }

    [Fact]
    public async Task Retry_without_a_maximum_interval_keeps_the_port_cap_not_durables_one_hour()
    {
        Durable.TaskOptions? seen = null;
        this.durable
            .Setup(c => c.CallActivityAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.TaskOptions?>()))
            .Callback((Durable.TaskName _, object? _, Durable.TaskOptions? o) => seen = o)
            .Returns(Task.CompletedTask);

        await this.Adapter().CallActivityAsync("SendEmail", null, new Port.TaskOptions(new Port.RetryPolicy(3, TimeSpan.FromMinutes(1))));

        var policy = seen!.Retry!.Policy!;
        Assert.Equal(DurableOptionsMapper.DefaultMaxRetryInterval, policy.MaxRetryInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, policy.RetryTimeout);
    }

    [Fact]
    public async Task Non_generic_CallActivity_forwards_to_the_non_generic_durable_member()
    {
        this.durable
            .Setup(c => c.CallActivityAsync(It.Is<Durable.TaskName>(n => n.Name == "RecordAudit"), "payload", null))
            .Returns(Task.CompletedTask);

        await this.Adapter().CallActivityAsync("RecordAudit", "payload");

        this.durable.VerifyAll();
    }

    [Fact]
    public async Task A_failed_activity_surfaces_as_the_ports_TaskFailedException_with_mapped_details()
    {
        var inner = new Durable.TaskFailureDetails("System.Net.Http.HttpRequestException", "connection reset", null, null, Properties: null);
        var details = new Durable.TaskFailureDetails("SslFlow.Activities.CaRejectedException", "CAA forbids issuance", "at Ca.Submit()", inner, Properties: null);
        this.durable
            .Setup(c => c.CallActivityAsync<CsrResult>(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.TaskOptions?>()))
            .ThrowsAsync(new Durable.TaskFailedException("SubmitOrder", 7, details));

        var ex = await Assert.ThrowsAsync<Port.TaskFailedException>(() => this.Adapter().CallActivityAsync<CsrResult>("SubmitOrder"));

        Assert.Equal("SubmitOrder", ex.TaskName);
        Assert.Equal(7, ex.TaskId);
        Assert.Equal("SslFlow.Activities.CaRejectedException", ex.FailureDetails.ErrorType);
        Assert.Equal("CAA forbids issuance", ex.FailureDetails.ErrorMessage);
        Assert.Equal("at Ca.Submit()", ex.FailureDetails.StackTrace);
        Assert.Equal("connection reset", ex.FailureDetails.InnerFailure!.ErrorMessage);
        Assert.True(ex.FailureDetails.InnerFailure.IsCausedBy<HttpRequestException>());
    }

    [Fact]
    public async Task A_failed_non_generic_activity_is_mapped_too()
    {
        this.durable
            .Setup(c => c.CallActivityAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.TaskOptions?>()))
            .ThrowsAsync(new Durable.TaskFailedException("Notify", 3, new Durable.TaskFailureDetails("System.TimeoutException", "slow", null, null, Properties: null)));

        var ex = await Assert.ThrowsAsync<Port.TaskFailedException>(() => this.Adapter().CallActivityAsync("Notify"));

        Assert.True(ex.FailureDetails.IsCausedBy<TimeoutException>());
    }

    [Fact]
    public void The_ports_HandleFailure_predicate_sees_durables_failure_in_port_form()
    {
        Port.TaskFailureDetails? seen = null;
        var handler = DurableOptionsMapper.ToDurableHandler(d =>
        {
            seen = d;
            return d.IsCausedBy<TimeoutException>();
        });

        var retry = handler(new Durable.TaskFailureDetails("System.TimeoutException", "slow", null, null, Properties: null));
        var noRetry = handler(new Durable.TaskFailureDetails("System.ArgumentException", "bad", null, null, Properties: null));

        Assert.True(retry);
        Assert.False(noRetry);
        Assert.Equal("System.ArgumentException", seen!.ErrorType);
    }

    [Fact]
    public void A_retry_policy_with_a_predicate_still_maps_its_numbers()
    {
        var policy = new Port.RetryPolicy(4, TimeSpan.FromSeconds(2)) { HandleFailure = _ => false };

        var durablePolicy = DurableOptionsMapper.ToDurable(policy);

        Assert.Equal(4, durablePolicy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), durablePolicy.FirstRetryInterval);
    }

    [Fact]
    public async Task SubOrchestration_gets_its_instance_id_and_retry_through_SubOrchestrationOptions()
    {
        Durable.TaskOptions? seen = null;
        this.durable
            .Setup(c => c.CallSubOrchestratorAsync<string>(It.Is<Durable.TaskName>(n => n.Name == "Renewal"), "in", It.IsAny<Durable.TaskOptions?>()))
            .Callback((Durable.TaskName _, object? _, Durable.TaskOptions? o) => seen = o)
            .ReturnsAsync("done");

        var result = await this.Adapter().CallSubOrchestratorAsync<string>(
            "Renewal", "in", new Port.SubOrchestrationOptions("order-42:renewal:1", new Port.RetryPolicy(2, TimeSpan.FromSeconds(30))));

        Assert.Equal("done", result);
        var sub = Assert.IsType<Durable.SubOrchestrationOptions>(seen);
        Assert.Equal("order-42:renewal:1", sub.InstanceId);
        Assert.Equal(2, sub.Retry!.Policy!.MaxNumberOfAttempts);
    }

    [Fact]
    public async Task A_failed_sub_orchestration_surfaces_as_SubOrchestrationFailedException()
    {
        this.durable
            .Setup(c => c.CallSubOrchestratorAsync<string>(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.TaskOptions?>()))
            .ThrowsAsync(new Durable.TaskFailedException("Reissue", 11, new Durable.TaskFailureDetails("System.InvalidOperationException", "boom", null, null, Properties: null)));

        var ex = await Assert.ThrowsAsync<Port.SubOrchestrationFailedException>(() => this.Adapter().CallSubOrchestratorAsync<string>("Reissue"));

        Assert.Equal("Reissue", ex.Name);
        Assert.Equal(11, ex.TaskId);
        Assert.True(ex.FailureDetails.IsCausedBy<InvalidOperationException>());
    }

    [Fact]
    public async Task CreateTimer_forwards_fire_time_and_token()
    {
        using var cts = new CancellationTokenSource();
        var fireAt = Now.AddDays(10);
        this.durable.Setup(c => c.CreateTimer(fireAt, cts.Token)).Returns(Task.CompletedTask);

        await this.Adapter().CreateTimer(fireAt, cts.Token);

        this.durable.VerifyAll();
    }

    [Fact]
    public async Task WaitForExternalEvent_without_timeout_forwards_name_and_token()
    {
        using var cts = new CancellationTokenSource();
        this.durable.Setup(c => c.WaitForExternalEvent<string>("DcvCompleted", cts.Token)).ReturnsAsync("ok");

        Assert.Equal("ok", await this.Adapter().WaitForExternalEvent<string>("DcvCompleted", cts.Token));
    }

    [Fact]
    public async Task WaitForExternalEvent_with_timeout_arms_a_durable_timer_for_the_timeout_and_cancels_it_when_the_event_wins()
    {
        CancellationToken timerToken = default;
        var timer = new TaskCompletionSource();
        this.durable
            .Setup(c => c.CreateTimer(TimeSpan.FromDays(45), It.IsAny<CancellationToken>()))
            .Callback((TimeSpan _, CancellationToken t) => timerToken = t)
            .Returns(timer.Task);
        this.durable.Setup(c => c.WaitForExternalEvent<string>("Issued", It.IsAny<CancellationToken>())).ReturnsAsync("cert");

        var result = await this.Adapter().WaitForExternalEvent<string>("Issued", TimeSpan.FromDays(45));

        Assert.Equal("cert", result);
        Assert.True(timerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task WaitForExternalEvent_with_timeout_throws_TaskCanceledException_when_the_timer_wins()
    {
        this.durable.Setup(c => c.CreateTimer(TimeSpan.FromHours(1), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        this.durable
            .Setup(c => c.WaitForExternalEvent<string>("Issued", It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                var pending = new TaskCompletionSource<string>();
                token.Register(() => pending.TrySetCanceled(token));
                return pending.Task;
            });

        await Assert.ThrowsAsync<TaskCanceledException>(() => this.Adapter().WaitForExternalEvent<string>("Issued", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Durables_relative_timer_fires_at_the_replay_safe_now_plus_the_timeout()
    {
        // The timeout path goes through CreateTimer(TimeSpan), whose upstream body adds the delay to CurrentUtcDateTime.
        var partial = new Mock<Durable.TaskOrchestrationContext> { CallBase = true };
        partial.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        partial.Setup(c => c.CreateTimer(Now.AddDays(3), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask).Verifiable();
        partial.Setup(c => c.WaitForExternalEvent<int>("Approved", It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) => Task.FromCanceled<int>(new CancellationToken(canceled: true)));

        await Assert.ThrowsAsync<TaskCanceledException>(() => new DurableOrchestrationContextAdapter(partial.Object).WaitForExternalEvent<int>("Approved", TimeSpan.FromDays(3)));

        partial.Verify();
    }

    [Fact]
    public void SetCustomStatus_and_ContinueAsNew_forward_their_arguments()
    {
        var status = new { status = "ACTIVATION IN PROGRESS" };
        this.durable.Setup(c => c.SetCustomStatus(status));
        this.durable.Setup(c => c.ContinueAsNew("next", false));

        var adapter = this.Adapter();
        adapter.SetCustomStatus(status);
        adapter.ContinueAsNew("next", preserveUnprocessedEvents: false);

        this.durable.VerifyAll();
    }
}
