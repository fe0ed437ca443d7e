using Moq;
using SslFlow.Activities.Ports;
using SslFlow.Application.Orders;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Tests.Http;

/// <summary><see cref="OrderService.CreateAsync"/> with a key already used: same order → the first order; different → a conflict, nothing created.</summary>
public sealed class IdempotentCreateTests
{
    private readonly Mock<IWorkflowClient> _workflow = new(MockBehavior.Strict);
    private OrderInput? _first;

    public IdempotentCreateTests()
    {
        _workflow.Setup(w => w.ScheduleNewOrchestrationInstanceAsync(nameof(OrderOrchestration), It.IsAny<object?>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, object? input, string id, CancellationToken _) =>
            {
                if (_first is not null) throw new InstanceAlreadyExistsException(id);
                _first = (OrderInput)input!;
                return Task.FromResult(id);
            });
        _workflow.Setup(w => w.GetInstanceAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, CancellationToken _) => _first is null ? null : new OrchestrationMetadata(nameof(OrderOrchestration), id,
                OrchestrationRuntimeStatus.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, WorkflowJson.Serialize(_first), null, null, null));
    }

    private OrderService Service
    {
        get
        {
            var ca = new Mock<ICertificateAuthority>();
            ca.SetupGet(c => c.Name).Returns("acme");
            return new OrderService(_workflow.Object, Mock.Of<Activities.Ports.IOrderStore>(), Mock.Of<IVault>(), new CertificateAuthorities([ca.Object]), new OrderServiceOptions());
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
    }
}
