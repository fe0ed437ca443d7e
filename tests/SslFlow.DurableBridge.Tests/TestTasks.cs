using Microsoft.DurableTask;

namespace SslFlow.DurableBridge.Tests;

public enum Stage { Waiting, Done }

public sealed record StageStatus(Stage Stage, int Round);

public sealed record Payload(string Name, Stage Kind);

public sealed class TransientTestException(string message) : Exception(message);

public sealed class PermanentTestException(string message) : Exception(message);

/// <summary>The tiny orchestrations and activities the tests run; each one shows one behaviour the workflow relies on.</summary>
public static class TestTasks
{
    public static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<GreetActivity>();
        r.AddActivity<ScopeActivity>();
        r.AddActivity<CountActivity>();
        r.AddActivity<FlakyActivity>();
        r.AddActivity<BrokenActivity>();

        r.AddOrchestratorFunc<string, string>("Echo", async (ctx, name) => await ctx.CallActivityAsync<string>(nameof(GreetActivity), name));

        r.AddOrchestratorFunc<string, string>("Quick", (_, input) => input);

        r.AddOrchestratorFunc<string, string>("CallsMissingActivity", async (ctx, _) =>
        {
            try
            {
                return await ctx.CallActivityAsync<string>("NoSuchActivity", "x");
            }
            catch (TaskFailedException e)
            {
                return $"{e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}";
            }
        });

        r.AddOrchestratorFunc<string, string>("WaitForRelease", async (ctx, _) =>
        {
            ctx.SetCustomStatus("waiting");
            return await ctx.WaitForExternalEvent<string>("release");
        });

        r.AddOrchestratorFunc<string, string>("TwoEvents", async (ctx, _) =>
        {
            ctx.SetCustomStatus("waiting-A");
            var a = await ctx.WaitForExternalEvent<string>("A");
            var b = await ctx.WaitForExternalEvent<string>("B");
            return a + b;
        });

        r.AddOrchestratorFunc<double, string>("EventWithTimeout", async (ctx, seconds) =>
        {
            ctx.SetCustomStatus("waiting");
            try
            {
                return "event:" + await ctx.WaitForExternalEvent<string>("approval", TimeSpan.FromSeconds(seconds));
            }
            catch (TaskCanceledException)
            {
                return "timeout";
            }
        });

        r.AddOrchestratorFunc<double, string>("TimerVsEvent", async (ctx, seconds) =>
        {
            using var cts = new CancellationTokenSource();
            var timer = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(seconds), cts.Token);
            var evt = ctx.WaitForExternalEvent<string>("go");
            ctx.SetCustomStatus("waiting");
            if (await Task.WhenAny(timer, evt) != evt) return "timer";
            cts.Cancel();
            // The instance goes on working after the cancelled timer: an activity and another timer.
            var after = await ctx.CallActivityAsync<string>(nameof(GreetActivity), "after");
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            return $"event:{evt.Result}:{after}";
        });

        r.AddOrchestratorFunc<double, string>("Sleeper", async (ctx, seconds) =>
        {
            var fireAt = ctx.CurrentUtcDateTime.AddSeconds(seconds);
            ctx.SetCustomStatus(fireAt);
            await ctx.CreateTimer(fireAt, CancellationToken.None);
            return "fired";
        });

        r.AddOrchestratorFunc<int, int>("ThreeSteps", async (ctx, steps) =>
        {
            var total = 0;
            for (var i = 0; i < steps; i++) total += await ctx.CallActivityAsync<int>(nameof(CountActivity), $"{ctx.InstanceId}:{i}");
            return total;
        });

        r.AddOrchestratorFunc<string, string>("Retrying", async (ctx, _) =>
        {
            var policy = new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromMilliseconds(100))
            {
                HandleFailure = failure => failure.IsCausedBy<TransientTestException>(),
            };
            var options = TaskOptions.FromRetryPolicy(policy);
            var flaky = await ctx.CallActivityAsync<int>(nameof(FlakyActivity), ctx.InstanceId, options);
            try
            {
                await ctx.CallActivityAsync<int>(nameof(BrokenActivity), ctx.InstanceId, options);
                return "broken-succeeded";
            }
            catch (TaskFailedException e)
            {
                return $"{flaky}|{e.FailureDetails.ErrorType}|{e.FailureDetails.ErrorMessage}";
            }
        });

        r.AddOrchestratorFunc<bool, string>("Parent", async (ctx, childFails) =>
        {
            try
            {
                var result = await ctx.CallSubOrchestratorAsync<string>("Child", childFails,
                    new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-child" });
                return "ok:" + result;
            }
            catch (TaskFailedException e)
            {
                return $"failed:{e.FailureDetails.ErrorType}:{e.FailureDetails.ErrorMessage}";
            }
        });

        r.AddOrchestratorFunc<bool, string>("Child", async (ctx, fail) =>
        {
            var greeting = await ctx.CallActivityAsync<string>(nameof(GreetActivity), "child");
            if (fail) throw new InvalidOperationException("child broke");
            return $"{greeting} of {ctx.Parent?.Name}/{ctx.Parent?.InstanceId}";
        });

        r.AddOrchestratorFunc<int, int>("Counter", (ctx, n) =>
        {
            if (n < 3) ctx.ContinueAsNew(n + 1);
            return n;
        });

        r.AddOrchestratorFunc<Payload, Payload>("Status", async (ctx, input) =>
        {
            ctx.SetCustomStatus(new StageStatus(Stage.Waiting, 1));
            var data = await ctx.WaitForExternalEvent<Payload>("data");
            ctx.SetCustomStatus(new StageStatus(Stage.Done, 2));
            return new Payload($"{input.Name}-{data.Name}", data.Kind);
        });

        r.AddOrchestratorFunc<string, string[]>("TwoScopes", async (ctx, _) =>
        [
            await ctx.CallActivityAsync<string>(nameof(ScopeActivity), "one"),
            await ctx.CallActivityAsync<string>(nameof(ScopeActivity), "two"),
        ]);
    }
}

/// <summary>Constructor injection of a scoped service.</summary>
public sealed class GreetActivity(ScopedGreeter greeter) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(greeter.Greet(input));
}

public sealed class ScopeActivity(ScopedGreeter greeter, IServiceProvider services) : TaskActivity<string, string>
{
    // Same scope inside one execution (constructor and a later resolution agree), a new one for the next execution.
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(greeter.ScopeId == ((ScopedGreeter)services.GetService(typeof(ScopedGreeter))!).ScopeId
            ? greeter.ScopeId.ToString()
            : "scope mismatch");
}

public sealed class CountActivity(TestLedger ledger, HostMarker host) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string key)
    {
        ledger.Increment(key);
        ledger.Increment("host:" + host.Name);
        return Task.FromResult(1);
    }
}

public sealed class FlakyActivity(TestLedger ledger) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string instanceId)
    {
        var attempt = ledger.Increment(instanceId + ":flaky");
        if (attempt < 3) throw new TransientTestException($"attempt {attempt} failed");
        return Task.FromResult(attempt);
    }
}

public sealed class BrokenActivity(TestLedger ledger) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string instanceId)
    {
        var attempt = ledger.Increment(instanceId + ":broken");
        throw new PermanentTestException($"attempt {attempt}: permanently broken");
    }
}
