using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Workflow;
using SslFlow.Domain.Orders;
using SslFlow.Workflow;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests;

/// <summary>
/// Starts with a caller-chosen id and events to instances, over a Moq of the SDK's <see cref="DurableTaskClient"/>: the
/// same answers whichever client is behind it (the local DTFx client throws on a duplicate start, the gRPC client may not),
/// and no event is raised to an instance that would drop it.
/// </summary>
public sealed class DurableClientExtensionsTests
{
    private const string Id = "renew-ord-1-0A-1700000000";
    private readonly Mock<DurableTaskClient> _client = new(MockBehavior.Strict, "test");

    private static OrchestrationMetadata Instance(string id, OrchestrationRuntimeStatus status, string? input = null) =>
        new(nameof(OrderOrchestration), id)
        {
            RuntimeStatus = status,
            SerializedInput = input,
            DataConverter = new JsonDataConverter(WorkflowJson.Options),
        };

    private void Exists(params OrchestrationMetadata?[] answers)
    {
        var queue = new Queue<OrchestrationMetadata?>(answers);
        _client.Setup(c => c.GetInstanceAsync(Id, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => queue.Count > 1 ? queue.Dequeue() : queue.Peek());
    }

    private void Schedule(Exception? fails = null)
    {
        var setup = _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()));
        if (fails is null) setup.ReturnsAsync(Id);
        else setup.ThrowsAsync(fails);
    }

    [Fact]
    public async Task A_new_id_is_scheduled_under_that_id()
    {
        Exists((OrchestrationMetadata?)null);
        Schedule();

        Assert.True(await _client.Object.TryStartAsync(nameof(RenewalOrchestration), "input", Id, CancellationToken.None));

        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(nameof(RenewalOrchestration), "input",
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == Id), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    public async Task An_id_that_exists_in_any_state_is_already_started_and_not_scheduled_again(OrchestrationRuntimeStatus status)
    {
        Exists(Instance(Id, status));

        Assert.False(await _client.Object.TryStartAsync(nameof(RenewalOrchestration), "input", Id, CancellationToken.None));

        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_start_that_loses_the_race_is_already_started_whatever_the_client_threw()
    {
        Exists(null, Instance(Id, OrchestrationRuntimeStatus.Pending));
        Schedule(new InvalidOperationException("An orchestration with id already exists (a client-specific exception type)"));

        Assert.False(await _client.Object.TryStartAsync(nameof(RenewalOrchestration), "input", Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_is_rethrown()
    {
        Exists((OrchestrationMetadata?)null);
        Schedule(new HttpRequestException("task hub unreachable"));

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.Object.TryStartAsync(nameof(RenewalOrchestration), "input", Id, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(OrchestrationRuntimeStatus.Completed, false)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, false)]
    [InlineData(OrchestrationRuntimeStatus.Pending, true)]
    [InlineData(OrchestrationRuntimeStatus.Running, true)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, true)]
#pragma warning disable CS0618 // obsolete in the SDK, still reported by a backend between two generations
    [InlineData(OrchestrationRuntimeStatus.ContinuedAsNew, true)] // a CaaS renew or cancel then must not answer 409
#pragma warning restore CS0618
    public async Task An_event_is_raised_only_to_an_instance_that_has_not_ended(OrchestrationRuntimeStatus? status, bool raised)
    {
        Exists(status is { } s ? Instance(Id, s) : null);
        _client.Setup(c => c.RaiseEventAsync(Id, "dcv.completed", It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal(raised, await _client.Object.TryRaiseEventAsync(Id, "dcv.completed", new { }, CancellationToken.None));

        _client.Verify(c => c.RaiseEventAsync(Id, "dcv.completed", It.IsAny<object?>(), It.IsAny<CancellationToken>()), raised ? Times.Once() : Times.Never());
    }

    [Fact]
    public async Task The_same_idempotency_key_names_the_same_order_and_the_second_request_creates_nothing()
    {
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        var started = new HashSet<string>();
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => started.Contains(id) ? Instance(id, OrchestrationRuntimeStatus.Running) : null);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(nameof(OrderOrchestration), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => started.Add(o!.InstanceId!) ? o.InstanceId! : throw new InvalidOperationException());
        var ca = new Mock<ICertificateAuthority>();
        ca.SetupGet(c => c.Name).Returns("acme");
        var service = new OrderPlacement(client.Object, Mock.Of<IOrderStore>(), new CertificateAuthorities([ca.Object]), new OrderServiceOptions());
        var order = new NormalisedOrder("dv-single", ["www.example.com"], DcvMethod.Http01, "ops@example.com", KeyAlgorithm.EcP256);

        var first = await service.CreateAsync(order, "reseller-1", "key-1", CancellationToken.None);
        var second = await service.CreateAsync(order, "reseller-1", "key-1", CancellationToken.None);

        Assert.Equal((first.OrderId, true, false), (second.OrderId, first.Created, second.Created));
        Assert.Single(started);
    }

    [Fact]
    public async Task An_order_accepted_but_not_yet_recorded_is_read_from_the_orchestration_input()
    {
        var input = new OrderInput("ord-2", "dv-single", ["www.example.com"], DcvMethod.Http01, "ops@example.com", "acme");
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        client.Setup(c => c.GetInstanceAsync("ord-2", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instance("ord-2", OrchestrationRuntimeStatus.Pending, WorkflowJson.Serialize(input)));
        var store = new Mock<IOrderStore>();
        var service = new OrderQueries(client.Object, store.Object, Mock.Of<IVault>());

        var view = await service.GetAsync("ord-2", CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal((OrderStatus.PendingActivation.Display(), "www.example.com", "Pending"), (view.Status, view.Domains[0], view.Workflow));
    }
}

/// <summary>The workflow's failure counter is one of the service's instruments, on the same meter (the infra alert queries it).</summary>
public sealed class WorkflowInstrumentTests
{
    [Fact]
    public void Failed_orchestrations_are_an_instrument_of_the_service_meter()
    {
        Assert.Equal(Telemetry.SslFlowMetrics.MeterName, SslFlow.Workflow.Telemetry.WorkflowMetrics.MeterName);
        Assert.Contains("sslflow.orchestrations.failed", Telemetry.SslFlowMetrics.InstrumentNames);
    }
}
