using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using SslFlow.Application.Orders;
using SslFlow.Workflow;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Tests.Http;

/// <summary><see cref="OrderPlacement.CreateAsync"/> with a key already used: same order → the first order; different → a conflict, nothing created.</summary>
public sealed class IdempotentCreateTests
{
    private readonly Mock<DurableTaskClient> _workflow = new(MockBehavior.Strict, "test");
    private OrderInput? _first;

    public IdempotentCreateTests()
    {
        // The first start stores its input; later starts see the instance and read that input back through the data converter.
        _workflow.Setup(w => w.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? input, StartOrchestrationOptions? options, CancellationToken _) =>
            {
                _first = (OrderInput)input!;
                return Task.FromResult(options!.InstanceId!);
            });
        _workflow.Setup(w => w.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool inputs, CancellationToken _) => _first is null ? null : new OrchestrationMetadata(nameof(OrderOrchestration), id)
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                SerializedInput = inputs ? WorkflowJson.Serialize(_first) : null,
                DataConverter = new JsonDataConverter(WorkflowJson.Options),
            });
    }

    private OrderPlacement Service
    {
        get
        {
            var ca = new Mock<ICertificateAuthority>();
            ca.SetupGet(c => c.Name).Returns("acme");
            return new OrderPlacement(_workflow.Object, Mock.Of<Contracts.Orders.IOrderStore>(), new CertificateAuthorities([ca.Object]), new OrderServiceOptions());
        }
    }

    private static NormalisedOrder Order(params string[] names) => new("dv-multi", names, DcvMethod.Dns01, null, KeyAlgorithm.EcP256);

    [Fact]
    public async Task The_same_key_and_order_names_the_first_order()
    {
        var first = await Service.CreateAsync(Order("a.example.com"), "reseller-1", "k-1", default);
        var again = await Service.CreateAsync(Order("a.example.com"), "reseller-1", "k-1", default);
        Assert.True(first.Created);
        Assert.Equal((first.OrderId, false, (string?)null), (again.OrderId, again.Created, again.Conflict));
    }

    [Fact]
    public async Task The_same_key_with_a_different_order_is_a_conflict()
    {
        await Service.CreateAsync(Order("a.example.com"), "reseller-1", "k-1", default);
        var other = await Service.CreateAsync(Order("b.example.com"), "reseller-1", "k-1", default);
        Assert.False(other.Created);
        Assert.Contains("different order", other.Conflict);
        Assert.Equal(["a.example.com"], _first!.DnsNames);
        _workflow.Verify(w => w.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
