using Moq;
using SslFlow.Functions.DurableAdapters;
using Durable = Microsoft.DurableTask;
using DurableClient = Microsoft.DurableTask.Client;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.Tests;

public sealed class DurableWorkflowClientTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly Mock<DurableClient.DurableTaskClient> durable = new(MockBehavior.Strict, "test");

    private DurableWorkflowClient Client() => new(this.durable.Object);

    private static DurableClient.OrchestrationMetadata Metadata(string id, DurableClient.OrchestrationRuntimeStatus status) =>
        new("IssueCertificate", id)
        {
            RuntimeStatus = status,
            CreatedAt = Created,
            LastUpdatedAt = Created.AddMinutes(5),
            SerializedInput = """{"orderId":"o-1"}""",
            SerializedOutput = """{"thumbprint":"AB"}""",
            SerializedCustomStatus = """{"status":"ACTIVE"}""",
        };

    [Fact]
    public async Task Schedule_starts_with_the_callers_instance_id()
    {
        this.durable.Setup(c => c.GetInstanceAsync("order-1", false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        this.durable
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<Durable.TaskName>(n => n.Name == "IssueCertificate"),
                "input",
                It.Is<Durable.StartOrchestrationOptions?>(o => o!.InstanceId == "order-1" && o.StartAt == null),
                It.IsAny<CancellationToken>()))
            .ReturnsAsync("order-1");

        var id = await this.Client().ScheduleNewOrchestrationInstanceAsync("IssueCertificate", "input", "order-1");

        Assert.Equal("order-1", id);
        this.durable.VerifyAll();
    }

    [Fact]
    public async Task Schedule_for_an_existing_id_throws_InstanceAlreadyExists_without_starting()
    {
        this.durable.Setup(c => c.GetInstanceAsync("order-1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Metadata("order-1", DurableClient.OrchestrationRuntimeStatus.Running));

        var ex = await Assert.ThrowsAsync<Port.InstanceAlreadyExistsException>(
            () => this.Client().ScheduleNewOrchestrationInstanceAsync("IssueCertificate", null, "order-1"));

        Assert.Equal("order-1", ex.InstanceId);
    }

    [Fact]
    public async Task A_backend_that_rejects_the_duplicate_itself_is_mapped_to_InstanceAlreadyExists()
    {
        this.durable.Setup(c => c.GetInstanceAsync("order-1", false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        this.durable
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("An Orchestration instance with the status Running already exists."));

        await Assert.ThrowsAsync<Port.InstanceAlreadyExistsException>(
            () => this.Client().ScheduleNewOrchestrationInstanceAsync("IssueCertificate", null, "order-1"));
    }

    [Fact]
    public async Task Other_schedule_failures_are_not_mistaken_for_duplicates()
    {
        this.durable.Setup(c => c.GetInstanceAsync("order-1", false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        this.durable
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("storage slow"));

        await Assert.ThrowsAsync<TimeoutException>(() => this.Client().ScheduleNewOrchestrationInstanceAsync("IssueCertificate", null, "order-1"));
    }

    [Fact]
    public async Task RaiseEvent_reaches_a_live_instance()
    {
        this.durable.Setup(c => c.GetInstanceAsync("order-1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Metadata("order-1", DurableClient.OrchestrationRuntimeStatus.Running));
        this.durable.Setup(c => c.RaiseEventAsync("order-1", "DcvCompleted", "payload", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await this.Client().RaiseEventAsync("order-1", "DcvCompleted", "payload");

        this.durable.VerifyAll();
    }

    [Fact]
    public async Task RaiseEvent_to_an_unknown_instance_throws_instead_of_being_dropped()
    {
        this.durable.Setup(c => c.GetInstanceAsync("nope", false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);

        var ex = await Assert.ThrowsAsync<Port.InstanceNotFoundException>(() => this.Client().RaiseEventAsync("nope", "Issued"));

        Assert.Equal("nope", ex.InstanceId);
        this.durable.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task GetInstance_asks_for_inputs_and_outputs_and_maps_everything()
    {
        var failed = new DurableClient.OrchestrationMetadata("IssueCertificate", "order-9")
        {
            RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Failed,
            CreatedAt = Created,
            LastUpdatedAt = Created.AddHours(1),
            FailureDetails = new Durable.TaskFailureDetails("System.InvalidOperationException", "boom", "trace", null, Properties: null),
        };
        this.durable.Setup(c => c.GetInstanceAsync("order-1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Metadata("order-1", DurableClient.OrchestrationRuntimeStatus.Completed));
        this.durable.Setup(c => c.GetInstanceAsync("order-9", true, It.IsAny<CancellationToken>())).ReturnsAsync(failed);
        this.durable.Setup(c => c.GetInstanceAsync("none", true, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);

        var completed = await this.Client().GetInstanceAsync("order-1");
        var failure = await this.Client().GetInstanceAsync("order-9");

        Assert.NotNull(completed);
        Assert.Equal("IssueCertificate", completed.Name);
        Assert.Equal(Port.OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(Created, completed.CreatedAt);
        Assert.Equal(Created.AddMinutes(5), completed.LastUpdatedAt);
        Assert.Equal("""{"orderId":"o-1"}""", completed.SerializedInput);
        Assert.Equal("""{"thumbprint":"AB"}""", completed.SerializedOutput);
        Assert.Equal("""{"status":"ACTIVE"}""", completed.SerializedCustomStatus);
        Assert.Null(completed.FailureDetails);
        Assert.Equal(Port.OrchestrationRuntimeStatus.Failed, failure!.RuntimeStatus);
        Assert.True(failure.FailureDetails!.IsCausedBy<InvalidOperationException>());
        Assert.Null(await this.Client().GetInstanceAsync("none"));
    }

#pragma warning disable CS0618 // obsolete upstream statuses are still mapped
    [Theory]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Pending, Port.OrchestrationRuntimeStatus.Pending)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Running, Port.OrchestrationRuntimeStatus.Running)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Completed, Port.OrchestrationRuntimeStatus.Completed)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.ContinuedAsNew, Port.OrchestrationRuntimeStatus.ContinuedAsNew)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Failed, Port.OrchestrationRuntimeStatus.Failed)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Canceled, Port.OrchestrationRuntimeStatus.Terminated)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Terminated, Port.OrchestrationRuntimeStatus.Terminated)]
    [InlineData(DurableClient.OrchestrationRuntimeStatus.Suspended, Port.OrchestrationRuntimeStatus.Suspended)]
#pragma warning restore CS0618
    public void Every_durable_status_maps(DurableClient.OrchestrationRuntimeStatus durableStatus, Port.OrchestrationRuntimeStatus expected)
    {
        Assert.Equal(expected, DurableWorkflowClient.ToPort(durableStatus));
    }

    [Fact]
    public void Every_port_status_maps_back()
    {
        foreach (var status in Enum.GetValues<Port.OrchestrationRuntimeStatus>())
        {
            Assert.Equal(status, DurableWorkflowClient.ToPort(DurableWorkflowClient.ToDurable(status)));
        }
    }

    [Fact]
    public async Task Query_filters_by_status_and_time_and_returns_one_page_with_its_token()
    {
        DurableClient.OrchestrationQuery? seen = null;
        var pageable = new FakeAsyncPageable<DurableClient.OrchestrationMetadata>(
            new Durable.Page<DurableClient.OrchestrationMetadata>(
                [Metadata("a", DurableClient.OrchestrationRuntimeStatus.Running), Metadata("b", DurableClient.OrchestrationRuntimeStatus.Suspended)], "next-token"),
            new Durable.Page<DurableClient.OrchestrationMetadata>([Metadata("c", DurableClient.OrchestrationRuntimeStatus.Running)]));
        this.durable.Setup(c => c.GetAllInstancesAsync(It.IsAny<DurableClient.OrchestrationQuery?>()))
            .Callback((DurableClient.OrchestrationQuery? q) => seen = q)
            .Returns(pageable);

        var page = await this.Client().QueryInstancesAsync(new Port.OrchestrationQuery(
            [Port.OrchestrationRuntimeStatus.Running, Port.OrchestrationRuntimeStatus.Suspended],
            Created, Created.AddDays(1), PageSize: 2, ContinuationToken: "tok"));

        Assert.Equal(["a", "b"], page.Instances.Select(i => i.InstanceId));
        Assert.Equal(Port.OrchestrationRuntimeStatus.Suspended, page.Instances[1].RuntimeStatus);
        Assert.Equal("next-token", page.ContinuationToken);
        Assert.NotNull(seen);
        Assert.Equal([DurableClient.OrchestrationRuntimeStatus.Running, DurableClient.OrchestrationRuntimeStatus.Suspended], seen.Statuses!);
        Assert.Equal(Created, seen.CreatedFrom);
        Assert.Equal(Created.AddDays(1), seen.CreatedTo);
        Assert.Equal(2, seen.PageSize);
        Assert.True(seen.FetchInputsAndOutputs);
        Assert.Equal("tok", seen.ContinuationToken);
        Assert.Equal("tok", pageable.RequestedContinuationToken);
        Assert.Equal(2, pageable.RequestedPageSizeHint);
    }

    [Fact]
    public async Task Query_with_no_results_is_an_empty_last_page()
    {
        this.durable.Setup(c => c.GetAllInstancesAsync(It.IsAny<DurableClient.OrchestrationQuery?>()))
            .Returns(new FakeAsyncPageable<DurableClient.OrchestrationMetadata>());

        var page = await this.Client().QueryInstancesAsync(new Port.OrchestrationQuery());

        Assert.Empty(page.Instances);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Terminate_suspend_and_resume_forward_id_and_reason()
    {
        this.durable.Setup(c => c.TerminateInstanceAsync("o", "refunded", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        this.durable.Setup(c => c.SuspendInstanceAsync("o", "operator", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        this.durable.Setup(c => c.ResumeInstanceAsync("o", "operator", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var client = this.Client();
        await client.TerminateInstanceAsync("o", "refunded");
        await client.SuspendInstanceAsync("o", "operator");
        await client.ResumeInstanceAsync("o", "operator");

        this.durable.VerifyAll();
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public async Task Purge_reports_whether_anything_was_deleted(int purged, bool expected)
    {
        this.durable.Setup(c => c.PurgeInstanceAsync("o", It.IsAny<CancellationToken>())).ReturnsAsync(new DurableClient.PurgeResult(purged, true));

        Assert.Equal(expected, await this.Client().PurgeInstanceAsync("o"));
    }

    [Fact]
    public async Task WaitForCompletion_fetches_outputs_and_maps_the_terminal_state()
    {
        using var cts = new CancellationTokenSource();
        this.durable.Setup(c => c.WaitForInstanceCompletionAsync("o", true, cts.Token))
            .ReturnsAsync(Metadata("o", DurableClient.OrchestrationRuntimeStatus.Completed));

        var done = await this.Client().WaitForInstanceCompletionAsync("o", cts.Token);

        Assert.True(done.IsCompleted);
        Assert.Equal("""{"thumbprint":"AB"}""", done.SerializedOutput);
    }

    [Fact]
    public async Task WaitForCompletion_of_an_unknown_instance_throws_InstanceNotFound()
    {
        this.durable.Setup(c => c.WaitForInstanceCompletionAsync("gone", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((DurableClient.OrchestrationMetadata)null!);

        await Assert.ThrowsAsync<Port.InstanceNotFoundException>(() => this.Client().WaitForInstanceCompletionAsync("gone"));
    }
}
