using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using SslFlow.Activities.Orders;
using SslFlow.Domain.Orders;
using SslFlow.Functions.Activities;
using SslFlow.Contracts.Issuance;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Renewal;

namespace SslFlow.Functions.Tests;

public sealed class ActivityFunctionsTests
{
    [Fact]
    public async Task An_activity_function_runs_the_activity_class_with_its_input_inside_an_order_scope()
    {
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var input = new RecordTransitionInput("ord-7", new OrderTransition(3, at, OrderStatus.PendingActivation, OrderStatus.ActivationInProgress,
            OrderSubStatus.DomainControlValidation, TransitionCauseKind.Submitted, OrderActor.System), new OrderUpdate(CaReference: "CA-7"));
        var store = new Mock<IOrderStore>();
        var services = new ServiceCollection().AddSingleton(store.Object).AddTransient<RecordTransition>().BuildServiceProvider();
        var logger = new ScopeCapturingLogger<ActivityFunctions>();

        var result = await new ActivityFunctions(services, logger).RecordTransition(input, "ord-7", default);

        Assert.True(result);
        store.Verify(s => s.ApplyAsync("ord-7", input.Transition, input.Update, It.IsAny<CancellationToken>()), Times.Once);
        var scope = Assert.Single(logger.Scopes);
        Assert.Equal("ord-7", scope["OrderId"]);
    }

    [Fact]
    public void The_scope_reads_order_id_and_ca_reference_from_any_input_record()
    {
        Assert.Equal(("ord-9", (string?)null), ActivityInputs.Identify(new RecordTransitionInput("ord-9", null!, null!)));
        Assert.Equal(((string?)null, "CA-1"), ActivityInputs.Identify(new CaReferenceInput("acme", "CA-1")));
        Assert.Equal((null, null), ActivityInputs.Identify(new SslFlow.Contracts.Renewal.RemoveFromScheduleInput("c-1")));
    }

    /// <summary>
    /// The worker fills a parameter without a binding attribute from the trigger's binding data by its name; the Durable
    /// activity trigger puts the calling orchestration's id there as <c>instanceId</c>. A wrapper without it ran its
    /// activity with <c>InstanceId = ""</c>.
    /// </summary>
    [Fact]
    public void Every_activity_function_takes_the_orchestration_instance_id_from_the_trigger_binding_data()
    {
        var functions = typeof(ActivityFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();

        Assert.NotEmpty(functions);
        foreach (var function in functions)
        {
            var instanceId = function.GetParameters().SingleOrDefault(p => p.Name == "instanceId");
            Assert.True(instanceId is not null, $"{function.Name} has no instanceId parameter");
            Assert.Equal(typeof(string), instanceId.ParameterType);
            Assert.Empty(instanceId.GetCustomAttributes()); // a binding attribute would bind something else
        }
    }

    [Fact]
    public async Task The_activity_context_carries_the_orchestration_instance_id_and_the_activity_name()
    {
        var probe = new ContextProbe();
        var services = new ServiceCollection().AddSingleton(probe).BuildServiceProvider();
        var functions = new ActivityFunctions(services, new ScopeCapturingLogger<ActivityFunctions>());

        await functions.RunAsync<ContextProbe, RecordTransitionInput, bool>(new RecordTransitionInput("ord-7", null!, null!), "reissue-ord-7-0A1B", default);

        Assert.Equal("reissue-ord-7-0A1B", probe.InstanceId);
        Assert.Equal(nameof(ContextProbe), probe.Name);
    }

    private sealed class ContextProbe : TaskActivity<RecordTransitionInput, bool>
    {
        public string? InstanceId { get; private set; }

        public string? Name { get; private set; }

        public override Task<bool> RunAsync(TaskActivityContext context, RecordTransitionInput input)
        {
            (InstanceId, Name) = (context.InstanceId, context.Name.Name);
            return Task.FromResult(true);
        }
    }
}
