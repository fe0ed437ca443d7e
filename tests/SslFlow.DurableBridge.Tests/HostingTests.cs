using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace SslFlow.DurableBridge.Tests;

/// <summary>Work survives a host going away, and hosts sharing a task hub split the work without doing any twice.</summary>
public sealed class HostingTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_timer_that_came_due_while_no_worker_ran_fires_when_a_worker_starts_again()
    {
        var hub = Hubs.New("timer");
        var ledger = new TestLedger();
        string id;
        DateTime fireAt;
        await using (var first = await BridgeHost.StartAsync(azurite.ConnectionString, hub, ledger))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 2.0);
            fireAt = (await first.Client.WaitForAsync(id, m => m.SerializedCustomStatus is not null)).ReadCustomStatusAs<DateTime>();
            await first.StopAsync();
        }

        // The scenario's precondition, not a synchronisation: the due time passes while no worker is running.
        var untilDue = fireAt.ToUniversalTime() - DateTime.UtcNow;
        if (untilDue > TimeSpan.Zero) await Task.Delay(untilDue);
        await using var second = await BridgeHost.StartAsync(azurite.ConnectionString, hub, ledger);
        var done = await second.Client.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("fired", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Two_hosts_on_one_task_hub_complete_every_orchestration_and_run_each_activity_exactly_once()
    {
        const int Orchestrations = 12, Steps = 3;
        var hub = Hubs.New("shared");
        var ledger = new TestLedger();
        await using var one = await BridgeHost.StartAsync(azurite.ConnectionString, hub, ledger, partitions: 2);
        await using var two = await BridgeHost.StartAsync(azurite.ConnectionString, hub, ledger, partitions: 2);

        var ids = new List<string>();
        for (var i = 0; i < Orchestrations; i++)
        {
            var client = i % 2 == 0 ? one.Client : two.Client;
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync("ThreeSteps", Steps));
        }
        foreach (var id in ids)
        {
            var done = await one.Client.CompleteAsync(id, TimeSpan.FromSeconds(90));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Steps, done.ReadOutputAs<int>());
        }
        var all = ledger.Snapshot();
        foreach (var (host, n) in all.Where(c => c.Key.StartsWith("host:"))) output.WriteLine($"{host}: {n} activities");
        var counts = all.Where(c => !c.Key.StartsWith("host:")).ToList();
        Assert.Equal(Orchestrations * Steps, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.Value));
    }
}
