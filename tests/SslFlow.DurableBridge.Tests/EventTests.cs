using Microsoft.DurableTask.Client;

namespace SslFlow.DurableBridge.Tests;

/// <summary>External events, their timeouts and races with durable timers, as the certificate workflow uses them.</summary>
public sealed class EventTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_event_raised_before_its_wait_is_buffered_until_the_orchestration_waits_for_it()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("buffer"), new TestLedger());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoEvents");
        await host.Client.WaitForAsync(id, m => m.ReadCustomStatusAs<string>() == "waiting-A");

        await host.Client.RaiseEventAsync(id, "B", "second"); // nobody waits for B yet
        await host.Client.RaiseEventAsync(id, "A", "first");

        var done = await host.Client.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("firstsecond", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_with_a_timeout_ends_with_the_timeout_when_no_event_comes_and_with_the_event_when_it_comes()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("timeout"), new TestLedger());
        var timesOut = await host.Client.ScheduleNewOrchestrationInstanceAsync("EventWithTimeout", 1.0);
        var getsEvent = await host.Client.ScheduleNewOrchestrationInstanceAsync("EventWithTimeout", 120.0);
        await host.Client.WaitForAsync(getsEvent, m => m.ReadCustomStatusAs<string>() == "waiting");
        await host.Client.RaiseEventAsync(getsEvent, "approval", "yes");

        Assert.Equal("timeout", (await host.Client.CompleteAsync(timesOut)).ReadOutputAs<string>());
        Assert.Equal("event:yes", (await host.Client.CompleteAsync(getsEvent)).ReadOutputAs<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_timer_raced_with_an_event_is_cancelled_when_the_event_wins_and_the_instance_carries_on(bool extendedSessions)
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("race"), new TestLedger(),
            configure: o => o.ExtendedSessionsEnabled = extendedSessions);
        var eventWins = await host.Client.ScheduleNewOrchestrationInstanceAsync("TimerVsEvent", 300.0);
        var timerWins = await host.Client.ScheduleNewOrchestrationInstanceAsync("TimerVsEvent", 1.0);
        await host.Client.WaitForAsync(eventWins, m => m.ReadCustomStatusAs<string>() == "waiting");
        await host.Client.RaiseEventAsync(eventWins, "go", "now");

        var won = await host.Client.CompleteAsync(eventWins);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, won.RuntimeStatus);
        Assert.Equal("event:now:hello after", won.ReadOutputAs<string>());
        Assert.Equal("timer", (await host.Client.CompleteAsync(timerWins)).ReadOutputAs<string>());

        // An event for the finished instance is accepted by the client and changes nothing.
        await host.Client.RaiseEventAsync(timerWins, "go", "late");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(timerWins))!.RuntimeStatus);
    }
}
