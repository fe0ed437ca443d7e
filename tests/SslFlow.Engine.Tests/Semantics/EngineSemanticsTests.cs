using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Tests.Semantics;

public abstract class EngineSemanticsTests
{
    protected abstract IDurableStore CreateStore();

    private EngineHarness NewHarness() => new(Register, CreateStore());

    private int _flakyCalls;

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
}
