using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Tests.Semantics;

[Collection(AzuriteCollection.Name)]
public sealed class DurabilityTests(AzuriteFixture azurite)
{
    private TableDurableStore NewStore(string? hub = null)
    {
        var store = new TableDurableStore(new TableServiceClient(azurite.ConnectionString), hub ?? "Hub" + Guid.NewGuid().ToString("N")[..12]);
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        return store;
    }

    [Fact]
    public async Task Replay_that_meets_a_different_step_fails_naming_the_orchestration_step_and_difference()
    {
        var store = NewStore();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var v1 = new EngineHarness(r => r
            .AddActivity("A", (_, _, _) => Task.FromResult(WorkflowJson.Serialize("1")))
            .AddOrchestrator("Evolving", async ctx =>
            {
                await ctx.CallActivityAsync<string>("A");
                return await ctx.WaitForExternalEvent<string>("go");
            }), store, time))
        {
            await v1.StartAsync();
            await v1.Client.ScheduleNewOrchestrationInstanceAsync("Evolving", null, "evo");
            await WaitUntilHistoryHas(store, "evo", HistoryKinds.TaskCompleted);
        }

        // The code changed while the order waited: step 0 is now a different activity.
        await using var v2 = new EngineHarness(r => r
            .AddActivity("B", (_, _, _) => Task.FromResult(WorkflowJson.Serialize("2")))
            .AddOrchestrator("Evolving", async ctx =>
            {
                await ctx.CallActivityAsync<string>("B");
                return await ctx.WaitForExternalEvent<string>("go");
            }), store, time);
        await v2.StartAsync();
        await v2.Client.RaiseEventAsync("evo", "go", "now");
        var result = await v2.WaitAsync("evo");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("'Evolving'", result.FailureDetails!.ErrorMessage);
        Assert.Contains("step 0", result.FailureDetails.ErrorMessage);
        Assert.Contains("activity 'A'", result.FailureDetails.ErrorMessage);
        Assert.Contains("activity 'B'", result.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Timer_that_fires_while_the_host_is_down_fires_on_restart()
    {
        var store = NewStore();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        void Register(OrchestratorRegistry r) => r.AddOrchestrator("Sleeper", async ctx =>
        {
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(10), CancellationToken.None); // longer than Durable's 3-day timer slices
            return "woke";
        });
        await using (var first = new EngineHarness(Register, store, time))
        {
            await first.StartAsync();
            await first.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", null, "sleep");
            await first.WaitForStatusAsync("sleep", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        }
        time.Advance(TimeSpan.FromDays(11)); // the host is down when the timer is due

        await using var second = new EngineHarness(Register, store, time);
        await second.StartAsync();
        var result = await second.WaitAsync("sleep");
        Assert.Equal("woke", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Two_hosts_sharing_a_store_run_every_step_once()
    {
        // Two engines, each with its own client and store object over the same tables, as two host processes would be.
        var hub = "Hub" + Guid.NewGuid().ToString("N")[..12];
        var storeA = NewStore(hub);
        var storeB = NewStore(hub);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var runs = new ConcurrentDictionary<string, int>();
        void Register(OrchestratorRegistry r) => r
            .AddActivity("Count", (_, json, _) =>
            {
                runs.AddOrUpdate(json!, 1, (_, n) => n + 1);
                return Task.FromResult<string?>(json);
            })
            .AddOrchestrator("Steps", async ctx =>
            {
                for (var i = 0; i < 4; i++) await ctx.CallActivityAsync<string>("Count", $"{ctx.InstanceId}/{i}");
                return ctx.InstanceId;
            });
        await using var a = new EngineHarness(Register, storeA, time);
        await using var b = new EngineHarness(Register, storeB, time);
        await a.StartAsync();
        await b.StartAsync();
        var ids = Enumerable.Range(0, 12).Select(i => $"two-{i}").ToList();
        for (var i = 0; i < ids.Count; i++) await (i % 2 == 0 ? a : b).Client.ScheduleNewOrchestrationInstanceAsync("Steps", null, ids[i]);
        foreach (var id in ids) Assert.Equal(OrchestrationRuntimeStatus.Completed, (await a.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(ids.Count * 4, runs.Count);
        Assert.All(runs, kv => Assert.Equal(1, kv.Value));
    }

    [Fact]
    public async Task A_long_activity_keeps_its_lease_so_a_second_host_never_runs_it_at_the_same_time()
    {
        var hub = "Hub" + Guid.NewGuid().ToString("N")[..12];
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var runs = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Register(OrchestratorRegistry r) => r
            .AddActivity("Long", async (_, _, _) =>
            {
                Interlocked.Increment(ref runs);
                entered.TrySetResult();
                await release.Task;
                return WorkflowJson.Serialize("done");
            })
            .AddOrchestrator("OneLong", async ctx => await ctx.CallActivityAsync<string>("Long"));
        await using var a = new EngineHarness(Register, NewStore(hub), time);
        await using var b = new EngineHarness(Register, NewStore(hub), time);
        await a.StartAsync();
        await b.StartAsync();
        await a.Client.ScheduleNewOrchestrationInstanceAsync("OneLong", null, "long");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Two whole leases pass while the activity runs; the host running it renews the lease every third.
        var lease = a.Options.ActivityLease;
        var rows = new TableServiceClient(azurite.ConnectionString).GetTableClient(hub);
        for (var step = 0; step < 6; step++)
        {
            time.Advance(lease / 3);
            var expected = time.GetUtcNow().UtcDateTime + lease;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (await TaskLeaseAsync(rows, "long", cts.Token) < expected) await Task.Yield(); // the renewal is written
        }
        release.SetResult();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await a.WaitAsync("long")).RuntimeStatus);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Concurrent_senders_give_an_instance_distinct_gap_free_message_sequence_numbers()
    {
        var store = NewStore();
        var now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
        var record = new History.InstanceRecord("seq", "Any", OrchestrationRuntimeStatus.Pending, now, now, null, null, null, null,
            0, 0, now, null, DateTime.MinValue);
        await store.CreateAsync(record, new History.InboxMessage("start-0", 0, new History.HistoryEvent(History.HistoryEventKind.ExecutionStarted, now), now), default);

        // Twenty senders at once, all with the same clock reading: only the store's sequence can order them.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.SendAsync("seq",
            new History.InboxMessage($"e-{i}", 0, new History.HistoryEvent(History.HistoryEventKind.EventRaised, now, Name: "e", Payload: $"{i}"), now), default)));

        var snapshot = await store.TryLockAsync("seq", "probe", now, now.AddMinutes(1), default);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), snapshot!.Inbox.Select(m => m.Sequence));
        Assert.Equal("start-0", snapshot.Inbox[0].Id);
        Assert.Equal(21, snapshot.Instance.LastMessageSequence);
    }

    private static async Task<DateTime> TaskLeaseAsync(TableClient rows, string instanceId, CancellationToken cancellationToken)
    {
        var row = await rows.GetEntityAsync<TableEntity>(instanceId, "w-a000000-00000000", cancellationToken: cancellationToken);
        return WorkflowJson.Deserialize<History.WorkTask>(row.Value.GetString("Data"))!.LeaseUntil;
    }

    private static async Task WaitUntilHistoryHas(IDurableStore store, string id, HistoryKinds kind)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(await store.GetHistoryAsync(id, cts.Token)).Any(e => (int)e.Kind == (int)kind))
        {
            await Task.Yield();
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    private enum HistoryKinds
    {
        TaskCompleted = (int)History.HistoryEventKind.TaskCompleted,
    }
}
