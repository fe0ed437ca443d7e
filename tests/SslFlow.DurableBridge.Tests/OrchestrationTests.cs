using Microsoft.DurableTask.Client;

namespace SslFlow.DurableBridge.Tests;

/// <summary>Retries, sub-orchestrations and ContinueAsNew run by the SDK shims on the framework.</summary>
public sealed class OrchestrationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_retry_policy_with_HandleFailure_retries_only_the_exception_types_it_handles()
    {
        var ledger = new TestLedger();
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("retry"), ledger);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying");
        var done = await host.Client.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"3|{typeof(PermanentTestException).FullName}|attempt 1: permanently broken", done.ReadOutputAs<string>());
        Assert.Equal(3, ledger.Count(id + ":flaky"));  // two transient failures retried
        Assert.Equal(1, ledger.Count(id + ":broken")); // not retried
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sub_orchestration_runs_under_the_id_its_parent_chose_and_its_failure_is_a_TaskFailedException_in_the_parent(bool extendedSessions)
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("sub"), new TestLedger(),
            configure: o => o.ExtendedSessionsEnabled = extendedSessions);
        var ok = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", false);
        var failing = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", true);

        Assert.Equal($"ok:hello child of Parent/{ok}", (await host.Client.CompleteAsync(ok)).ReadOutputAs<string>());
        Assert.Equal($"failed:{typeof(InvalidOperationException).FullName}:child broke", (await host.Client.CompleteAsync(failing)).ReadOutputAs<string>());
        var child = await host.Client.GetInstanceAsync(failing + "-child");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal("child broke", child.FailureDetails?.ErrorMessage);
        Assert.Equal(typeof(InvalidOperationException).FullName, child.FailureDetails?.ErrorType);
        Assert.True(child.FailureDetails!.IsCausedBy<InvalidOperationException>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(ok + "-child"))!.RuntimeStatus);
    }

    [Fact]
    public async Task ContinueAsNew_restarts_the_instance_with_the_new_input_until_it_returns()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("continue"), new TestLedger());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        var done = await host.Client.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal("3", done.SerializedInput);
    }
}
