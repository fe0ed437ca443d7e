using Microsoft.DurableTask.Client;

namespace SslFlow.DurableBridge.Tests;

/// <summary>A name the registry does not know fails its instance or activity call instead of being redelivered forever.</summary>
public sealed class UnregisteredTaskTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_unregistered_orchestration_fails_its_instance_and_an_unregistered_activity_fails_the_call()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("unknown"), new TestLedger());
        var missingOrchestration = await host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestration");
        var missingActivity = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissingActivity");

        var failed = await host.Client.CompleteAsync(missingOrchestration, TimeSpan.FromSeconds(30));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("'NoSuchOrchestration' is not registered", failed.FailureDetails?.ErrorMessage);
        var caught = await host.Client.CompleteAsync(missingActivity, TimeSpan.FromSeconds(30));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, caught.RuntimeStatus);
        Assert.Contains("'NoSuchActivity' is not registered", caught.ReadOutputAs<string>());
    }
}
