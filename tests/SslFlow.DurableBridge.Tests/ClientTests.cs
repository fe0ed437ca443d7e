using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SslFlow.DurableBridge.Tests;

/// <summary>The DurableTaskClient members the host and the operator API use.</summary>
public sealed class ClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Starting_an_instance_id_that_is_pending_or_running_is_a_conflict_and_a_finished_id_can_be_started_again()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("dupe"), new TestLedger());
        var running = "order-1";
        await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForRelease", null, new StartOrchestrationOptions(running));
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForRelease", null, new StartOrchestrationOptions(running)));
        await host.Client.WaitForInstanceStartAsync(running);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "x", new StartOrchestrationOptions(running)));

        var pending = "order-2"; // StartAt keeps it Pending for an hour
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "later", new StartOrchestrationOptions(pending, DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(pending))!.RuntimeStatus);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "now", new StartOrchestrationOptions(pending)));

        await host.Client.RaiseEventAsync(running, "release", "done");
        Assert.Equal("done", (await host.Client.CompleteAsync(running)).ReadOutputAs<string>());
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "again", new StartOrchestrationOptions(running));
        Assert.Equal("again", (await host.Client.WaitForAsync(running, m => m.ReadOutputAs<string>() == "again")).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Simultaneous_starts_of_one_new_id_may_both_return_but_the_orchestration_runs_once()
    {
        var ledger = new TestLedger();
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("race"), ledger);
        var ids = Enumerable.Range(0, 6).Select(i => $"race-{i}").ToList();
        foreach (var id in ids)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                try
                {
                    await host.Client.ScheduleNewOrchestrationInstanceAsync("ThreeSteps", 2, new StartOrchestrationOptions(id));
                    return true;
                }
                catch (OrchestrationAlreadyExistsException)
                {
                    return false;
                }
            }));
            Assert.Contains(true, outcomes); // the store's check is read-then-write: mostly both pass, never both fail
        }
        foreach (var id in ids) Assert.Equal(2, (await host.Client.CompleteAsync(id)).ReadOutputAs<int>());
        Assert.Equal(ids.Count * 2, ledger.Snapshot().Count(c => c.Key.StartsWith("race-")));
        Assert.All(ledger.Snapshot().Where(c => c.Key.StartsWith("race-")), c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task Inputs_outputs_events_and_custom_status_go_through_the_configured_DataConverter()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("status"), new TestLedger());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Status", new Payload("in", Stage.Waiting));
        var waiting = await host.Client.WaitForAsync(id, m => m.SerializedCustomStatus is not null);

        Assert.Equal(new StageStatus(Stage.Waiting, 1), waiting.ReadCustomStatusAs<StageStatus>());
        Assert.Equal("""{"stage":"Waiting","round":1}""", waiting.SerializedCustomStatus); // camelCase, enum as string
        Assert.Equal("""{"name":"in","kind":"Waiting"}""", waiting.SerializedInput);

        await host.Client.RaiseEventAsync(id, "data", new Payload("event", Stage.Done));
        var done = await host.Client.CompleteAsync(id);
        Assert.Equal(new Payload("in-event", Stage.Done), done.ReadOutputAs<Payload>());
        Assert.Equal("""{"name":"in-event","kind":"Done"}""", done.SerializedOutput);
        Assert.Equal(new StageStatus(Stage.Done, 2), done.ReadCustomStatusAs<StageStatus>());

        var bare = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: false);
        Assert.Null(bare!.SerializedOutput);
        Assert.Null(await host.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task Instances_are_queried_by_status_creation_time_and_id_prefix_in_pages()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("query"), new TestLedger());
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        for (var i = 0; i < 3; i++) await host.Client.CompleteAsync(await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", $"q{i}", new StartOrchestrationOptions($"done-{i}")));
        for (var i = 0; i < 2; i++) await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForRelease", null, new StartOrchestrationOptions($"open-{i}"));
        foreach (var i in new[] { 0, 1 }) await host.Client.WaitForInstanceStartAsync($"open-{i}");

        var completed = new List<string>();
        var pages = 0;
        await foreach (var page in host.Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Completed], CreatedFrom = before, PageSize = 2, FetchInputsAndOutputs = true,
        }).AsPages())
        {
            pages++;
            completed.AddRange(page.Values.Select(m => m.InstanceId));
            Assert.All(page.Values, m => Assert.StartsWith("q", m.ReadOutputAs<string>()));
        }
        Assert.Equal(["done-0", "done-1", "done-2"], completed.Order());
        Assert.True(pages >= 2, $"{pages} page(s) for 3 instances at 2 a page");

        var running = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }).ToListAsync();
        Assert.Equal(["open-0", "open-1"], running.Select(m => m.InstanceId).Order());
        var byPrefix = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "open-" }).ToListAsync();
        Assert.Equal(2, byPrefix.Count);
        Assert.Empty(await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedTo = before }).ToListAsync());
        Assert.Equal(5, (await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = before })
            .ToListAsync()).Count);
    }

    [Fact]
    public async Task Instances_are_suspended_resumed_terminated_and_purged()
    {
        await using var host = await BridgeHost.StartAsync(azurite.ConnectionString, Hubs.New("manage"), new TestLedger());
        var paused = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForRelease");
        await host.Client.WaitForInstanceStartAsync(paused);
        await host.Client.SuspendInstanceAsync(paused, "operator");
        await host.Client.WaitForAsync(paused, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(paused, "release", "while suspended"); // kept, delivered after resume
        await host.Client.ResumeInstanceAsync(paused, "operator");
        Assert.Equal("while suspended", (await host.Client.CompleteAsync(paused)).ReadOutputAs<string>());

        var stopped = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForRelease");
        await host.Client.WaitForInstanceStartAsync(stopped);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(stopped));
        await host.Client.TerminateInstanceAsync(stopped, "cancelled by operator");
        var terminated = await host.Client.CompleteAsync(stopped);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("cancelled by operator", terminated.ReadOutputAs<string>());

        Assert.Equal(1, (await host.Client.PurgeInstanceAsync(paused)).PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(paused));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(paused)).PurgedInstanceCount);
        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UtcNow.AddMinutes(-5), null,
            [OrchestrationRuntimeStatus.Terminated]));
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(stopped));
    }
}
