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

        var result = await new ActivityFunctions(services, logger).RecordTransition(input, default);

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
}
