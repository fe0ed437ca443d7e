using Microsoft.Extensions.Time.Testing;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Functions.Composition;
using SslFlow.Functions.Http;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Rules;
using Durable = Microsoft.DurableTask;
using DurableClient = Microsoft.DurableTask.Client;

namespace SslFlow.Functions.Tests.Http;

/// <summary>The order HTTP triggers against a mocked DurableTaskClient: same bodies, codes and problem details as the local host.</summary>
public sealed class OrderFunctionsTests
{
    private const string ApiKey = "reseller-key-0123456789abcdef";

    private readonly Mock<DurableClient.DurableTaskClient> durable = new(MockBehavior.Strict, "test");
    private readonly Mock<IOrderStore> orders = new(MockBehavior.Strict);

    private OrderFunctions Functions()
    {
        var ca = new Mock<ICertificateAuthority>();
        ca.SetupGet(c => c.Name).Returns("acme");
        var workflow = new WorkflowServices(this.orders.Object, Mock.Of<IVault>(), new CertificateAuthorities([ca.Object]), new OrderServiceOptions());
        var auth = new ApiKeyAuthentication(new Dictionary<string, string> { [ApiKey] = "reseller" });
        return new OrderFunctions(workflow, auth, new IntakeOptions { AllowTestNames = true }, new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
    }

    private const string ValidOrder = """{"domains":["www.shop.sslflow.test"],"product":"dv-single","dcvMethod":"dns-01","contactEmail":"ops@example.com"}""";

    [Fact]
    public async Task Create_starts_OrderOrchestration_with_the_idempotent_id_and_answers_202_with_Location()
    {
        string? startedId = null;
        this.durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        this.durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<Durable.TaskName>(n => n.Name == nameof(OrderOrchestration)),
                It.Is<OrderInput>(i => i.DnsNames.SequenceEqual(new[] { "www.shop.sslflow.test" }) && i.CaName == "acme" && i.Customer == "reseller"),
                It.IsAny<Durable.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((Durable.TaskName _, object? _, Durable.StartOrchestrationOptions? o, CancellationToken _) => startedId = o!.InstanceId)
            .ReturnsAsync((Durable.TaskName _, object? _, Durable.StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        var request = HttpTestContext.Request("POST", ValidOrder, ApiKey, new Dictionary<string, string> { ["Idempotency-Key"] = "k-1" });

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().CreateAsync(request, this.durable.Object, default), request);

        Assert.Equal(202, response.Status);
        Assert.NotNull(startedId);
        Assert.Equal($"/api/orders/{startedId}", response.Location);
        Assert.Equal(startedId, response.Json.GetProperty("orderId").GetString());
        Assert.Equal("PENDING ACTIVATION", response.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_retry_whose_key_first_named_another_organization_profile_is_422_and_starts_nothing()
    {
        // The key's first order: the same names and method, but placed with an organization profile.
        var first = new OrderInput("ord-first", "dv-single", ["www.shop.sslflow.test"], DcvMethod.Dns01, "ops@example.com", "acme", Customer: "reseller",
            OrganizationProfileId: "prof-0123456789abcdef0123");
        var existing = new DurableClient.OrchestrationMetadata(nameof(OrderOrchestration), "ord-first")
        {
            SerializedInput = System.Text.Json.JsonSerializer.Serialize(first, Workflow.WorkflowJson.Options),
            RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Running,
            DataConverter = new Durable.Converters.JsonDataConverter(Workflow.WorkflowJson.Options), // as fetched with its input
        };
        this.durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(existing);
        var request = HttpTestContext.Request("POST", ValidOrder, ApiKey, new Dictionary<string, string> { ["Idempotency-Key"] = "k-profile" });

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().CreateAsync(request, this.durable.Object, default), request);

        Assert.Equal(422, response.Status);
        this.durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Durable.TaskName>(), It.IsAny<object?>(), It.IsAny<Durable.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Create_with_a_bad_name_is_a_problem_naming_the_field_and_starts_nothing()
    {
        var request = HttpTestContext.Request("POST", """{"domains":["not a domain"],"product":"dv-single","dcvMethod":"dns-01","contactEmail":"ops@example.com"}""", ApiKey);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().CreateAsync(request, this.durable.Object, default), request);

        Assert.Equal(400, response.Status);
        Assert.Contains("application/problem+json", response.ContentType);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("domains[0]", out _), response.Body);
        this.durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Create_without_an_api_key_is_401_problem_and_starts_nothing()
    {
        var request = HttpTestContext.Request("POST", ValidOrder);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().CreateAsync(request, this.durable.Object, default), request);

        Assert.Equal(401, response.Status);
        Assert.Equal("https://sslflow.dev/problems/unauthorized", response.Json.GetProperty("type").GetString());
        this.durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Get_reads_the_record_and_the_durable_status()
    {
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        this.orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", "dv-single", ["www.shop.sslflow.test"], "Dns01",
            "ops@example.com", OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, at, at, "acme", CaReference: "CA-9", Customer: "reseller"));
        this.orders.Setup(o => o.GetTransitionsAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        this.durable.Setup(c => c.GetInstanceAsync("ord-1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DurableClient.OrchestrationMetadata(nameof(OrderOrchestration), "ord-1") { RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Running, CreatedAt = at, LastUpdatedAt = at });
        var request = HttpTestContext.Request("GET", apiKey: ApiKey);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().GetAsync(request, "ord-1", this.durable.Object, default), request);

        Assert.Equal(200, response.Status);
        Assert.Equal("ACTIVATION IN PROGRESS", response.Json.GetProperty("status").GetString());
        Assert.Equal("CA-9", response.Json.GetProperty("caReference").GetString());
        Assert.Equal("Running", response.Json.GetProperty("workflow").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_order_is_404_problem()
    {
        this.orders.Setup(o => o.GetAsync("ord-x", It.IsAny<CancellationToken>())).ReturnsAsync((OrderRecord?)null);
        this.durable.Setup(c => c.GetInstanceAsync("ord-x", true, It.IsAny<CancellationToken>())).ReturnsAsync((DurableClient.OrchestrationMetadata?)null);
        var request = HttpTestContext.Request("GET", apiKey: ApiKey);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().GetAsync(request, "ord-x", this.durable.Object, default), request);

        Assert.Equal(404, response.Status);
        Assert.Equal("https://sslflow.dev/problems/not-found", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Cancel_of_a_running_order_raises_the_cancel_event_to_its_instance()
    {
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        this.orders.Setup(o => o.GetAsync("ord-1", It.IsAny<CancellationToken>())).ReturnsAsync(new OrderRecord("ord-1", "dv-single", ["www.shop.sslflow.test"], "Dns01",
            null, OrderStatus.ActivationInProgress, OrderSubStatus.DomainControlValidation, at, at, "acme", Customer: "reseller"));
        var running = new DurableClient.OrchestrationMetadata(nameof(OrderOrchestration), "ord-1") { RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Running };
        this.durable.Setup(c => c.GetInstanceAsync("ord-1", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(running);
        var issuance = OrderOrchestration.IssuanceInstanceId("ord-1");
        this.durable.Setup(c => c.GetInstanceAsync(issuance, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DurableClient.OrchestrationMetadata(nameof(IssueCertificateOrchestration), issuance) { RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Running });
        // Both the order and its issuance pipeline hear the cancel.
        this.durable.Setup(c => c.RaiseEventAsync("ord-1", OrderEvents.Cancel, It.Is<CancelRequest>(r => r.Reason == "Changed our mind"), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask).Verifiable();
        this.durable.Setup(c => c.RaiseEventAsync(issuance, OrderEvents.Cancel, It.Is<CancelRequest>(r => r.Reason == "Changed our mind"), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask).Verifiable();
        var request = HttpTestContext.Request("POST", """{"reason":"Changed our mind"}""", ApiKey);

        var response = await HttpTestContext.ExecuteAsync(await this.Functions().CancelAsync(request, "ord-1", this.durable.Object, default), request);

        Assert.Equal(202, response.Status);
        this.durable.Verify();
    }
}
