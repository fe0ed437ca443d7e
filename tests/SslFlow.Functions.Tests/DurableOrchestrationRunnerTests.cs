using Moq;
using SslFlow.Functions.DurableAdapters;
using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.Tests;

public sealed class DurableOrchestrationRunnerTests
{
    private sealed record Order(string Id);

    /// <summary>A stand-in port orchestration: calls one activity through whatever context it is given.</summary>
    private sealed class SubmitOnce : Port.IOrchestration<Order, string>
    {
        public async Task<string> RunAsync(Port.IOrchestrationContext context, Order input)
        {
            context.SetCustomStatus("PENDING ACTIVATION");
            return await context.CallActivityAsync<string>("SubmitOrder", input);
        }
    }

    [Fact]
    public async Task Runs_the_port_orchestration_over_the_durable_context_with_its_input()
    {
        var order = new Order("o-1");
        var durable = new Mock<Durable.TaskOrchestrationContext>(MockBehavior.Strict);
        durable.Setup(c => c.GetInput<Order>()).Returns(order);
        durable.Setup(c => c.SetCustomStatus("PENDING ACTIVATION"));
        durable.Setup(c => c.CallActivityAsync<string>(It.Is<Durable.TaskName>(n => n.Name == "SubmitOrder"), order, null)).ReturnsAsync("CA-123");

        var result = await DurableOrchestrationRunner.RunAsync(durable.Object, new SubmitOnce());

        Assert.Equal("CA-123", result);
        durable.VerifyAll();
    }

    [Fact]
    public async Task A_missing_input_fails_with_the_orchestration_name_and_instance()
    {
        var durable = new Mock<Durable.TaskOrchestrationContext>();
        durable.Setup(c => c.GetInput<Order>()).Returns((Order?)null);
        durable.SetupGet(c => c.Name).Returns(new Durable.TaskName("IssueCertificate"));
        durable.SetupGet(c => c.InstanceId).Returns("o-9");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => DurableOrchestrationRunner.RunAsync(durable.Object, new SubmitOnce()));

        Assert.Contains("IssueCertificate", ex.Message);
        Assert.Contains("o-9", ex.Message);
    }
}
