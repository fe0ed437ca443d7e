using System.Diagnostics;
using Azure.Data.Tables;
using SslFlow.DevStack;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 2: orchestrations of 5 sequential no-op activities through the embedded engine (in-memory store and
/// TableDurableStore on Azurite) against a bare loop making the same 5 calls with no engine. A work item is one
/// episode or one activity: 6 episodes (start + one per completed activity) + 5 activities = 11 per orchestration.
/// </summary>
public static class EngineBench
{
    private const int Activities = 5;
    private const int WorkItemsPerOrchestration = Activities + 1 + Activities;

    public static async Task<string> RunAsync(BenchArgs args)
    {
        var memoryCount = args.Int("memory", 2000);
        var tableCount = args.Int("table", 300);
        var seconds = args.Int("seconds", 60);

        var registry = Registry();
        var bare = await BareLoopAsync(registry, memoryCount * 10);
        var memory = await EngineRunAsync(registry, new InMemoryDurableStore(), memoryCount, TimeSpan.FromSeconds(seconds));
        (int Count, TimeSpan Elapsed) table;
        await using (var azurite = await AzuriteRunner.StartAsync())
        {
            var store = new TableDurableStore(new TableServiceClient(azurite.ConnectionString), "BenchHub");
            await store.EnsureCreatedAsync();
            table = await EngineRunAsync(registry, store, tableCount, TimeSpan.FromSeconds(seconds));
        }

        double Orch((int Count, TimeSpan Elapsed) r) => r.Count / r.Elapsed.TotalSeconds;
        var bareRate = Orch(bare);
        string Row(string what, (int Count, TimeSpan Elapsed) r, string items) =>
            $"| {what} | {r.Count} | {r.Elapsed.TotalSeconds:F2} | {Orch(r):F1} | {items} | {Orch(r) / bareRate:P3} |";
        return Machine.Header("2. Engine throughput (5 sequential no-op activities)") + $"""

            Engine options: defaults (8 concurrent orchestrations, 16 concurrent activities); all instances started at once, timed until the last completes.
            A work item = one episode or one activity = {WorkItemsPerOrchestration} per orchestration. The bare loop calls the same 5 registered activity delegates in sequence with no engine.
            Reference (not measured here): Azure Storage provider ~250 work items/s per worker, Durable Task Scheduler ~1,400.

            | run | orchestrations | seconds | orchestrations/s | work items/s | vs bare loop |
            |---|---:|---:|---:|---:|---:|
            {Row("bare loop (the limit)", bare, $"{bareRate * Activities:F0} calls/s")}
            {Row("engine, InMemoryDurableStore", memory, $"{Orch(memory) * WorkItemsPerOrchestration:F0}")}
            {Row("engine, TableDurableStore (Azurite)", table, $"{Orch(table) * WorkItemsPerOrchestration:F0}")}

            Azurite vs Azure Storage provider reference: {Orch(table) * WorkItemsPerOrchestration / 250:F2}x of 250 work items/s; in-memory vs Durable Task Scheduler reference: {Orch(memory) * WorkItemsPerOrchestration / 1400:F2}x of 1,400.
            """;
    }

    private static OrchestratorRegistry Registry()
    {
        var registry = new OrchestratorRegistry();
        registry.AddActivity("Noop", (_, input, _) => Task.FromResult(input));
        registry.AddOrchestrator("FiveSteps", async ctx =>
        {
            var value = ctx.GetInput<int>();
            for (var i = 0; i < Activities; i++) value = await ctx.CallActivityAsync<int>("Noop", value + 1);
            return value;
        });
        return registry;
    }

    private static async Task<(int, TimeSpan)> BareLoopAsync(OrchestratorRegistry registry, int count)
    {
        var noop = registry.GetActivity("Noop");
        var services = new EmptyServices();
        var sw = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var value = n;
            for (var i = 0; i < Activities; i++) value = WorkflowJson.Deserialize<int>(await noop(services, WorkflowJson.Serialize(value + 1), CancellationToken.None));
        }
        return (count, sw.Elapsed);
    }

    private static async Task<(int, TimeSpan)> EngineRunAsync(OrchestratorRegistry registry, IDurableStore store, int count, TimeSpan limit)
    {
        await using var engine = new DurableEngine(store, registry, new EmptyServices());
        await engine.StartAsync();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        using var cts = new CancellationTokenSource(limit);
        var sw = Stopwatch.StartNew();
        var ids = new List<string>(count);
        for (var n = 0; n < count; n++)
        {
            var id = $"{prefix}-{n}";
            await engine.Client.ScheduleNewOrchestrationInstanceAsync("FiveSteps", n, id, cts.Token);
            ids.Add(id);
        }
        var completed = 0;
        try
        {
            foreach (var id in ids)
            {
                var meta = await engine.Client.WaitForInstanceCompletionAsync(id, cts.Token);
                if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}");
                completed++;
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"time limit reached: {completed}/{count} completed");
        }
        return (completed, sw.Elapsed);
    }
}
