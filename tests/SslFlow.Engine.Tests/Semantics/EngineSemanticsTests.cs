using System.Collections.Concurrent;
using SslFlow.Engine.History;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Tests.Semantics;

public abstract class EngineSemanticsTests
{
    protected abstract IDurableStore CreateStore();

    private EngineHarness NewHarness(Action<EngineOptions>? configure = null) => new(Register, CreateStore(), configure: configure);

    private int _flakyCalls;
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly TaskCompletionSource _gateEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gateRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int Calls(string key) => _calls.GetValueOrDefault(key);

    private int Count(string key) => _calls.AddOrUpdate(key, 1, (_, n) => n + 1);

    private static readonly RetryPolicy Backoff = new(4, TimeSpan.FromSeconds(10), BackoffCoefficient: 3, MaxRetryInterval: TimeSpan.FromSeconds(60));

    private static readonly RetryPolicy OnlyTimeouts = new(3, TimeSpan.FromSeconds(1))
    {
        HandleFailure = f => f.IsCausedBy<TimeoutException>(),
    };

    public sealed record Progress(string Step, int Percent);

    private void Register(OrchestratorRegistry r)
    {
        r.AddActivity("Double", (_, json, _) => Task.FromResult(WorkflowJson.Serialize(WorkflowJson.Deserialize<int>(json) * 2)));
        r.AddActivity("Fail", (_, _, _) => throw new InvalidOperationException("boom"));
        r.AddActivity("Flaky", (_, _, _) => Interlocked.Increment(ref _flakyCalls) % 3 != 0
            ? throw new TimeoutException("not yet")
            : Task.FromResult(WorkflowJson.Serialize("ok")));
        r.AddOrchestrator("Sequence", async ctx =>
        {
            var x = ctx.GetInput<int>();
            for (var i = 0; i < 5; i++) x = await ctx.CallActivityAsync<int>("Double", x);
            return x;
        });
        r.AddOrchestrator("WaitEvent", async ctx => await ctx.WaitForExternalEvent<string>("approve", TimeSpan.FromDays(45)));
        r.AddOrchestrator("WaitTwice", async ctx =>
        {
            var a = await ctx.WaitForExternalEvent<string>("e");
            var b = await ctx.WaitForExternalEvent<string>("e");
            return a + b;
        });
        r.AddOrchestrator("TimeoutOrEvent", async ctx =>
        {
            ctx.SetCustomStatus("waiting");
            try
            {
                return await ctx.WaitForExternalEvent<string>("approve", TimeSpan.FromHours(1));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        });
        r.AddOrchestrator("Parent", async ctx => await ctx.CallSubOrchestratorAsync<int>("Sequence", 1) + 1);
        r.AddOrchestrator("Retry", async ctx => await ctx.CallActivityAsync<string>("Flaky", null,
            TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1)))));
        r.AddOrchestrator("FailNoRetry", async ctx => await ctx.CallActivityAsync<string>("Fail"));
        r.AddOrchestrator("CatchFailure", async ctx =>
        {
            try
            {
                await ctx.CallActivityAsync("Fail");
                return "no";
            }
            catch (TaskFailedException ex) when (ex.FailureDetails.IsCausedBy<InvalidOperationException>())
            {
                return ex.FailureDetails.ErrorMessage;
            }
        });
        r.AddOrchestrator("Counter", async ctx =>
        {
            var n = ctx.GetInput<int>();
            n = await ctx.CallActivityAsync<int>("Double", n);
            if (n < 100) ctx.ContinueAsNew(n);
            return n;
        });
        r.AddActivity("FailWith", (_, json, _) =>
        {
            var kind = WorkflowJson.Deserialize<string>(json)!;
            Count(kind);
            throw kind == "timeout" ? new TimeoutException("slow CA") : new InvalidOperationException("bad request");
        });
        r.AddActivity("Gate", async (_, _, _) =>
        {
            Count("gate");
            _gateEntered.TrySetResult();
            await _gateRelease.Task;
            return WorkflowJson.Serialize("through");
        });
        r.AddActivity("Stubborn", async (_, _, ct) =>
        {
            if (Count("stubborn") == 1)
            {
                _gateEntered.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct); // outlasts any shutdown grace
                }
                catch (OperationCanceledException)
                {
                    _abandoned.TrySetResult();
                    throw;
                }
            }
            return WorkflowJson.Serialize("second run");
        });
        r.AddOrchestrator("BackoffRetry", async ctx => await ctx.CallActivityAsync<string>("FailWith", "timeout", TaskOptions.FromRetryPolicy(Backoff)));
        r.AddOrchestrator("SelectiveRetry", async ctx => await ctx.CallActivityAsync<string>("FailWith", ctx.GetInput<string>(), TaskOptions.FromRetryPolicy(OnlyTimeouts)));
        r.AddOrchestrator("Sleep", async ctx =>
        {
            await ctx.CreateTimer(ctx.CurrentUtcDateTime + TimeSpan.FromTicks(ctx.GetInput<long>()), CancellationToken.None);
            return ctx.CurrentUtcDateTime;
        });
        r.AddOrchestrator("TimeoutThenWait", async ctx =>
        {
            try
            {
                return await ctx.WaitForExternalEvent<string>("late", TimeSpan.FromMinutes(5));
            }
            catch (TaskCanceledException)
            {
                ctx.SetCustomStatus("timed out");
            }
            // The timed-out wait is gone, so the late event is buffered for this wait instead of being lost.
            return "after timeout: " + await ctx.WaitForExternalEvent<string>("late");
        });
        r.AddOrchestrator("ParentOfFailing", async ctx =>
        {
            try
            {
                await ctx.CallSubOrchestratorAsync<string>("FailNoRetry", null, new SubOrchestrationOptions($"{ctx.InstanceId}-child"));
                return "no";
            }
            catch (SubOrchestrationFailedException ex)
            {
                return $"{ex.Name}: {ex.FailureDetails.ErrorMessage}";
            }
        });
        r.AddOrchestrator("Collector", async ctx =>
        {
            var items = ctx.GetInput<string[]>() ?? [];
            items = [.. items, await ctx.WaitForExternalEvent<string>("item")];
            if (items.Length < 4) ctx.ContinueAsNew(items);
            return string.Join(",", items);
        });
        r.AddOrchestrator("GatedCollector", async ctx =>
        {
            var items = ctx.GetInput<string[]>() ?? [];
            if (items.Length == 0) await ctx.CallActivityAsync<string>("Gate"); // events arriving meanwhile are buffered
            items = [.. items, await ctx.WaitForExternalEvent<string>("item")];
            if (items.Length < 4) ctx.ContinueAsNew(items);
            return string.Join(",", items);
        });
        r.AddOrchestrator("Reporting", async ctx =>
        {
            ctx.SetCustomStatus(new Progress("waiting for approval", 40));
            var answer = await ctx.WaitForExternalEvent<string>("go");
            ctx.SetCustomStatus(new Progress("done", 100));
            return answer;
        });
        r.AddOrchestrator("GateOnce", async ctx => await ctx.CallActivityAsync<string>("Gate"));
        r.AddOrchestrator("StubbornOnce", async ctx => await ctx.CallActivityAsync<string>("Stubborn"));
        r.AddOrchestrator("AwaitsRealDelay", async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30)); // forbidden in orchestrations: real time, which replay can never complete
            return ctx.InstanceId;
        });
        r.AddOrchestrator("Guids", ctx =>
        {
            var a = ctx.NewGuid();
            var b = ctx.NewGuid();
            return Task.FromResult<object?>(new[] { a, b });
        });
    }

    [Fact]
    public async Task Sequential_activities_complete_with_their_results()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("Sequence", 3);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(96, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Event_raised_before_the_wait_is_buffered_and_events_arrive_in_order()
    {
        await using var h = NewHarness();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitTwice", null, "w1");
        await h.Client.RaiseEventAsync("w1", "e", "first");
        await h.Client.RaiseEventAsync("w1", "e", "second");
        await h.StartAsync(); // events were stored before the orchestration ever ran
        var result = await h.WaitAsync("w1");
        Assert.Equal("firstsecond", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Timeout_wins_when_time_passes_without_the_event()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("TimeoutOrEvent", null, "t1");
        await h.WaitForStatusAsync("t1", m => m.SerializedCustomStatus is not null);
        h.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var result = await h.WaitAsync("t1");
        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Event_wins_before_the_timeout_and_the_timer_is_cancelled()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("TimeoutOrEvent", null, "t2");
        await h.WaitForStatusAsync("t2", m => m.SerializedCustomStatus is not null);
        await h.Client.RaiseEventAsync("t2", "approve", "approved");
        var result = await h.WaitAsync("t2");
        Assert.Equal("approved", result.ReadOutputAs<string>());
        // The losing timer was cancelled: nothing is left that would wake the instance.
        Assert.Equal(DateTime.MaxValue, (await h.Store.GetAsync("t2", default))!.NextDueAt);
    }

    [Fact]
    public async Task Sub_orchestration_result_reaches_the_parent()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("Parent");
        Assert.Equal(33, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Retry_policy_retries_failed_activity_on_durable_timers()
    {
        _flakyCalls = 0;
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Retry", null, "r1");
        // Each retry waits on a durable timer: advance the fake clock until the instance finishes.
        var done = h.WaitAsync("r1");
        while (!done.IsCompleted)
        {
            await Task.WhenAny(done, h.Engine.WaitForChangeForTests("r1", default));
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var result = await done;
        Assert.Equal("ok", result.ReadOutputAs<string>());
        Assert.Equal(3, _flakyCalls);
    }

    [Fact]
    public async Task Activity_failure_without_retry_fails_the_instance_with_details()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("FailNoRetry");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("boom", result.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task Activity_failure_can_be_caught_by_type()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("CatchFailure");
        Assert.Equal("boom", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_restarts_with_new_input_and_fresh_history()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("Counter", 1, "c1");
        Assert.Equal(128, result.ReadOutputAs<int>());
        var history = await h.Store.GetHistoryAsync("c1", default);
        Assert.True(history.Count < 10, $"history should hold one generation, had {history.Count}");
    }

    [Fact]
    public async Task Starting_an_existing_id_is_a_conflict()
    {
        await using var h = NewHarness();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 1, "dup");
        await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 1, "dup"));
    }

    [Fact]
    public async Task Raising_to_a_missing_instance_is_an_error()
    {
        await using var h = NewHarness();
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => h.Client.RaiseEventAsync("nobody", "e"));
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", null, "term");
        await h.Client.TerminateInstanceAsync("term", "operator said so");
        var result = await h.WaitAsync("term");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.True(await h.Client.PurgeInstanceAsync("term"));
        Assert.Null(await h.Client.GetInstanceAsync("term"));
    }

    [Fact]
    public async Task Suspended_instance_keeps_events_until_resumed()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", null, "s1");
        await h.WaitForStatusAsync("s1", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await h.Client.SuspendInstanceAsync("s1");
        await h.WaitForStatusAsync("s1", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await h.Client.RaiseEventAsync("s1", "approve", "yes");
        await h.Client.ResumeInstanceAsync("s1");
        var result = await h.WaitAsync("s1");
        Assert.Equal("yes", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task NewGuid_is_deterministic_per_instance_and_distinct_per_call()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var a = (await h.RunAsync("Guids", null, "g1")).ReadOutputAs<Guid[]>()!;
        Assert.NotEqual(a[0], a[1]);
        Assert.Equal(5, a[0].Version);
    }

    [Fact]
    public async Task Query_by_status_pages_through_instances()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        for (var i = 0; i < 5; i++) await h.RunAsync("Sequence", i, $"q{i}");
        var first = await h.Client.QueryInstancesAsync(new OrchestrationQuery([OrchestrationRuntimeStatus.Completed], PageSize: 3));
        var second = await h.Client.QueryInstancesAsync(new OrchestrationQuery([OrchestrationRuntimeStatus.Completed], PageSize: 3, ContinuationToken: first.ContinuationToken));
        Assert.Equal(3, first.Instances.Count);
        Assert.Equal(2, second.Instances.Count);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task Retry_backs_off_by_the_coefficient_up_to_the_max_interval_then_fails()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("BackoffRetry", null, "b1");
        var result = await h.DriveToCompletionAsync("b1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("slow CA", result.FailureDetails!.ErrorMessage);
        Assert.Equal(4, Calls("timeout")); // MaxNumberOfAttempts
        var delays = (await h.Store.GetHistoryAsync("b1", default))
            .Where(e => e.Kind == HistoryEventKind.TimerCreated)
            .Select(e => e.FireAt!.Value - e.Timestamp)
            .ToList();
        // 10 s, then x3 = 30 s, then 90 s capped at the 60 s max interval.
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)], delays);
    }

    [Theory]
    [InlineData("timeout", 3)]
    [InlineData("invalid", 1)]
    public async Task Retry_applies_only_to_the_failures_the_policy_handles(string failure, int expectedCalls)
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("SelectiveRetry", failure, "sel");
        var result = await h.DriveToCompletionAsync("sel");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(expectedCalls, Calls(failure));
    }

    [Theory]
    [InlineData(0, 0, 30)]     // half a minute
    [InlineData(6, 12, 0)]     // past the 6-day ceiling some engines have
    [InlineData(400, 0, 0)]    // longer than a certificate lives
    public async Task Durable_timer_of_any_length_fires_at_its_time_and_not_before(int days, int hours, int seconds)
    {
        var length = new TimeSpan(days, hours, 0, seconds);
        await using var h = NewHarness();
        await h.StartAsync();
        var startedAt = h.Time.GetUtcNow().UtcDateTime;
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", length.Ticks, "sleep");
        await h.WaitForStatusAsync("sleep", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var record = await h.Store.GetAsync("sleep", default);
        Assert.Equal(startedAt + length, record!.NextDueAt); // persisted with its fire time
        h.Time.Advance(length - TimeSpan.FromSeconds(1));
        var early = h.Time.GetUtcNow().UtcDateTime;
        Assert.Null(await h.Store.TryLockAsync("sleep", "probe", early, early.AddSeconds(1), default)); // a second early it is not due
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await h.WaitAsync("sleep");
        Assert.Equal(startedAt + length, result.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task Timeout_that_wins_cancels_the_event_wait_so_a_late_event_reaches_the_next_wait()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("TimeoutThenWait", null, "late1");
        await h.WaitForStatusAsync("late1", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.WaitForStatusAsync("late1", m => m.ReadCustomStatusAs<string>() == "timed out");
        await h.Client.RaiseEventAsync("late1", "late", "here");
        var result = await h.WaitAsync("late1");
        Assert.Equal("after timeout: here", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestration_failure_reaches_the_parent_as_an_exception()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("ParentOfFailing", null, "pf");
        Assert.Equal("FailNoRetry: Task 'Fail' (#0) failed with an unhandled exception: boom", result.ReadOutputAs<string>());
        var child = await h.Client.GetInstanceAsync("pf-child"); // the caller-chosen child id
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task ContinueAsNew_carries_unprocessed_events_into_the_next_generation_in_order()
    {
        await using var h = NewHarness();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Collector", null, "col");
        foreach (var item in new[] { "a", "b", "c", "d" }) await h.Client.RaiseEventAsync("col", "item", item);
        await h.StartAsync(); // all four wait in the inbox; each generation takes one and continues as new
        var result = await h.WaitAsync("col");
        Assert.Equal("a,b,c,d", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_keeps_arrival_order_between_buffered_events_and_events_still_queued()
    {
        var store = CreateStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var first = new EngineHarness(Register, store, time))
        {
            await first.StartAsync();
            await first.Client.ScheduleNewOrchestrationInstanceAsync("GatedCollector", null, "gc");
            await _gateEntered.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await first.Client.RaiseEventAsync("gc", "item", "a");
            await first.Client.RaiseEventAsync("gc", "item", "b");
            await WaitForJournalAsync(first, "gc", h => h.Count(e => e.Kind == HistoryEventKind.EventRaised) == 2); // a, b buffered by the code
            var stop = first.Engine.StopAsync();
            _gateRelease.SetResult(); // the activity result is stored but not processed: the host is stopping
            await stop.WaitAsync(TimeSpan.FromSeconds(20));
        }
        // c and d queue behind the activity result; the next episode takes a, continues as new, and must carry b, c, d in that order.
        await using var second = new EngineHarness(Register, store, time);
        await second.Client.RaiseEventAsync("gc", "item", "c");
        await second.Client.RaiseEventAsync("gc", "item", "d");
        await second.StartAsync();
        var result = await second.WaitAsync("gc");
        Assert.Equal("a,b,c,d", result.ReadOutputAs<string>());
    }

    private static async Task WaitForJournalAsync(EngineHarness h, string id, Func<IReadOnlyList<HistoryEvent>, bool> predicate)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var change = h.Engine.WaitForChangeForTests(id, cts.Token);
            if (predicate(await h.Store.GetHistoryAsync(id, cts.Token))) return;
            await change;
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    [Fact]
    public async Task Custom_status_is_visible_to_the_client_while_running_and_after()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Reporting", null, "rep");
        var running = await h.WaitForStatusAsync("rep", m => m.SerializedCustomStatus is not null);
        Assert.Equal(new Progress("waiting for approval", 40), running.ReadCustomStatusAs<Progress>());
        await h.Client.RaiseEventAsync("rep", "go", "ok");
        var done = await h.WaitAsync("rep");
        Assert.Equal(new Progress("done", 100), done.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task Purge_refuses_a_running_instance_and_removes_a_finished_one_with_its_history()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", null, "p1");
        await h.WaitForStatusAsync("p1", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        Assert.False(await h.Client.PurgeInstanceAsync("p1"));
        Assert.NotNull(await h.Client.GetInstanceAsync("p1"));

        await h.RunAsync("Sequence", 1, "p2");
        Assert.NotEmpty(await h.Store.GetHistoryAsync("p2", default));
        Assert.True(await h.Client.PurgeInstanceAsync("p2"));
        Assert.Null(await h.Client.GetInstanceAsync("p2"));
        Assert.Empty(await h.Store.GetHistoryAsync("p2", default));
        Assert.False(await h.Client.PurgeInstanceAsync("p2"));
        // The id is free again after a purge.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.RunAsync("Sequence", 1, "p2")).RuntimeStatus);
    }

    [Fact]
    public async Task Suspended_instance_ignores_its_due_timer_until_resumed_and_can_be_terminated()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Sleep", TimeSpan.FromHours(1).Ticks, "sus");
        await h.WaitForStatusAsync("sus", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await h.Client.SuspendInstanceAsync("sus", "maintenance");
        await h.WaitForStatusAsync("sus", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(DateTime.MaxValue, (await h.Store.GetAsync("sus", default))!.NextDueAt); // nothing wakes it while suspended
        await h.Client.ResumeInstanceAsync("sus");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.WaitAsync("sus")).RuntimeStatus);

        await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", null, "sus2");
        await h.WaitForStatusAsync("sus2", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await h.Client.SuspendInstanceAsync("sus2");
        await h.WaitForStatusAsync("sus2", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await h.Client.TerminateInstanceAsync("sus2", "cancelled by operator");
        var terminated = await h.WaitAsync("sus2");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("cancelled by operator", terminated.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Query_by_creation_time_and_status_pages_through_exactly_the_matching_instances()
    {
        await using var h = NewHarness(); // not started: the instances stay Pending
        var t0 = h.Time.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitEvent", null, $"ct{i}");
            h.Time.Advance(TimeSpan.FromHours(1));
        }
        var query = new OrchestrationQuery([OrchestrationRuntimeStatus.Pending], CreatedFrom: t0.AddHours(1), CreatedTo: t0.AddHours(4), PageSize: 2);
        var ids = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await h.Client.QueryInstancesAsync(query with { ContinuationToken = token });
            Assert.True(page.Instances.Count <= 2);
            ids.AddRange(page.Instances.Select(i => i.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);
        Assert.Equal(["ct1", "ct2", "ct3", "ct4"], ids.Order());
        Assert.True(pages >= 2);
        Assert.Empty((await h.Client.QueryInstancesAsync(new OrchestrationQuery([OrchestrationRuntimeStatus.Running]))).Instances);
        Assert.Equal("WaitEvent", (await h.Client.GetInstanceAsync("ct5"))!.Name); // by id
    }

    [Fact]
    public async Task Stopping_lets_a_running_activity_finish_and_keeps_its_result_for_the_next_host()
    {
        var store = CreateStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var first = new EngineHarness(Register, store, time))
        {
            await first.StartAsync();
            await first.Client.ScheduleNewOrchestrationInstanceAsync("GateOnce", null, "g-stop");
            await _gateEntered.Task.WaitAsync(TimeSpan.FromSeconds(20));
            var stop = first.Engine.StopAsync();
            Assert.False(stop.IsCompleted); // waits for the activity, within the grace period
            _gateRelease.SetResult();
            await stop.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await first.Client.GetInstanceAsync("g-stop"))!.RuntimeStatus); // stopped: no new episode
        }

        await using var second = new EngineHarness(Register, store, time);
        await second.StartAsync();
        var result = await second.WaitAsync("g-stop");
        Assert.Equal("through", result.ReadOutputAs<string>());
        Assert.Equal(1, Calls("gate")); // the result delivered at shutdown was kept, not run again
    }

    [Fact]
    public async Task Stopping_abandons_an_activity_that_outlasts_the_grace_and_the_next_host_runs_it_again()
    {
        var store = CreateStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var first = new EngineHarness(Register, store, time, o => o.ShutdownGrace = TimeSpan.FromMilliseconds(200)))
        {
            await first.StartAsync();
            await first.Client.ScheduleNewOrchestrationInstanceAsync("StubbornOnce", null, "stub");
            await _gateEntered.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await first.Engine.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await _abandoned.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the activity saw its cancellation
        }

        await using var second = new EngineHarness(Register, store, time);
        await second.StartAsync();
        time.Advance(second.Options.ActivityLease); // the abandoned task's lease runs out: redelivered
        var result = await second.WaitAsync("stub");
        Assert.Equal("second run", result.ReadOutputAs<string>());
        Assert.Equal(2, Calls("stubborn"));
    }

    [Fact]
    public async Task Orchestration_awaiting_real_time_fails_with_a_determinism_error_instead_of_hanging()
    {
        await using var h = NewHarness();
        await h.StartAsync();
        var result = await h.RunAsync("AwaitsRealDelay", null, "bad");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("Non-deterministic orchestration 'AwaitsRealDelay'", result.FailureDetails!.ErrorMessage);
    }
}
