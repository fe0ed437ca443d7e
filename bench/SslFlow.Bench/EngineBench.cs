using System.Diagnostics;
using System.Globalization;
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
        var memoryCount = args.Int("memory", 5000);
        var tableCount = args.Int("table", 300);
        var seconds = args.Int("seconds", 90);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

        var registry = Registry();
        await BareLoopAsync(registry, 10_000); // JIT
        var bare = await BareLoopAsync(registry, memoryCount * 20);
        var memoryTimings = new Timings();
        await EngineRunAsync(registry, new InMemoryDurableStore(), 100, TimeSpan.FromSeconds(seconds), new Timings()); // JIT
        var memory = await EngineRunAsync(registry, new TimedDurableStore(new InMemoryDurableStore(), memoryTimings), memoryCount, TimeSpan.FromSeconds(seconds), memoryTimings);
        var tableTimings = new Timings();
        Run table;
        await using (var azurite = await AzuriteRunner.StartAsync())
        {
            var inner = new TableDurableStore(new TableServiceClient(azurite.ConnectionString), "BenchHub");
            await inner.EnsureCreatedAsync();
            await EngineRunAsync(registry, inner, 10, TimeSpan.FromSeconds(seconds), new Timings()); // connection pool, Azurite's first requests
            table = await EngineRunAsync(registry, new TimedDurableStore(inner, tableTimings), tableCount, TimeSpan.FromSeconds(seconds), tableTimings);
        }

        var bareRate = bare.Count / bare.Elapsed.TotalSeconds;
        string Row(string what, Run r, string items) =>
            $"| {what} | {r.Count} | {r.Elapsed.TotalSeconds:F2} | {r.Rate:F1} | {items} | {r.Rate / bareRate:P2} | {r.SelfCpu / r.Elapsed.TotalSeconds:P0} | {(r.AzuriteCpu > 0 ? (r.AzuriteCpu / r.Elapsed.TotalSeconds).ToString("P0", CultureInfo.InvariantCulture) : "–")} |";
        string PerCall(Timings t, string c) => t.Get(c) is var (n, _, total) && n > 0 ? $"{total.TotalMilliseconds / n:F2}" : "–";
        string Calls(Timings t, Run r, string c) => t.Get(c) is var (n, failed, _) && failed > 0 ? $"{n / (double)r.Count:F1} ({failed / (double)r.Count:F1} failed)" : $"{n / (double)r.Count:F1}";
        string[] parts = ["engine.replay", "store.create", "store.lock", "store.lock (nothing to do)", "store.commit", "store.send", "store.poll"];
        var breakdown = string.Join("\n", parts.Select(c => $"| {c} | {Calls(memoryTimings, memory, c)} | {PerCall(memoryTimings, c)} | {Calls(tableTimings, table, c)} | {PerCall(tableTimings, c)} |"));
        return Machine.Header("2. Engine throughput (5 sequential no-op activities)") + $"""

            Load average at the start (1/5/15 min): {string.Join(" / ", load)}. Engine options: defaults (8 concurrent orchestrations, 16 concurrent activities, 250 ms due-index poll); all instances scheduled at once, timed from the first schedule until the last completes; each store warmed by a small run first.
            A work item = one episode or one activity = {WorkItemsPerOrchestration} per orchestration (Durable's count: orchestrator and activity work items). The bare loop (the limit) calls the same 5 registered activity delegates in sequence, JSON in and out, with no engine.
            Reference (not measured here): Azure Storage provider ~250 work items/s per worker, Durable Task Scheduler ~1,400.

            | run | orchestrations | seconds | orchestrations/s | work items/s | vs bare loop | bench process CPU | Azurite CPU |
            |---|---:|---:|---:|---:|---:|---:|---:|
            {Row("bare loop (the limit)", bare, $"{bareRate * Activities:F0} calls/s")}
            {Row("engine, InMemoryDurableStore", memory, $"{memory.Rate * WorkItemsPerOrchestration:F0}")}
            {Row("engine, TableDurableStore (Azurite)", table, $"{table.Rate * WorkItemsPerOrchestration:F0}")}

            Against the references: in memory {memory.Rate * WorkItemsPerOrchestration / 1400:F1}x the Durable Task Scheduler's 1,400 work items/s; on Azurite {table.Rate * WorkItemsPerOrchestration / 250:F2}x the Azure Storage provider's 250 (CPU columns are % of one core; 2 cores = 200 %).

            Where an orchestration's time goes (calls per orchestration and ms per call; calls overlap, up to 8 episodes and 16 activities at once). "nothing to do" = lock attempts that returned no instance (held by another episode, or woken by a due-index hint that was stale); a commit refused because a message arrived after the lock shows as failed.

            | part | in memory: calls/orch. | ms/call | Azurite: calls/orch. | ms/call |
            |---|---:|---:|---:|---:|
            {breakdown}
            """;
    }

    private sealed record Run(int Count, TimeSpan Elapsed, double SelfCpu, double AzuriteCpu)
    {
        public double Rate => Count / Elapsed.TotalSeconds;
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

    private static async Task<Run> BareLoopAsync(OrchestratorRegistry registry, int count)
    {
        var noop = registry.GetActivity("Noop");
        var services = new EmptyServices();
        var cpu = ProcessCpu.Self();
        var sw = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var value = n;
            for (var i = 0; i < Activities; i++) value = WorkflowJson.Deserialize<int>(await noop(services, WorkflowJson.Serialize(value + 1), CancellationToken.None));
        }
        return new Run(count, sw.Elapsed, ProcessCpu.Self() - cpu, 0);
    }

    private static async Task<Run> EngineRunAsync(OrchestratorRegistry registry, IDurableStore store, int count, TimeSpan limit, Timings timings)
    {
        await using var engine = new DurableEngine(store, registry, new EmptyServices());
        await engine.StartAsync();
        timings.Reset();
        var cpu = ProcessCpu.Self();
        var azurite = ProcessCpu.Children().GetValueOrDefault("azurite");
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
        var elapsed = sw.Elapsed;
        return new Run(completed, elapsed, ProcessCpu.Self() - cpu, ProcessCpu.Children().GetValueOrDefault("azurite") - azurite);
    }
}
