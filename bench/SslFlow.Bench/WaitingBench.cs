using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using SslFlow.Engine.Replay;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 5: resident memory (VmRSS) of the local host (in this process) with N orders waiting for DCV. The waiting
/// instances are created directly through the host's engine client, with an orchestration registered for the benchmark
/// that waits on the <c>dcv.completed</c> event (as an order waits for the CA), so no CA orders are needed.
/// </summary>
public static class WaitingBench
{
    public const string WaitingOrchestration = "BenchWaitForDcv";

    public static void Register(OrchestratorRegistry registry)
    {
        if (registry.HasOrchestrator(WaitingOrchestration)) return;
        registry.AddOrchestrator(WaitingOrchestration, async ctx =>
        {
            ctx.SetCustomStatus("waiting for dcv");
            var e = await ctx.WaitForExternalEvent<System.Text.Json.JsonElement>("dcv.completed");
            return e.ToString().Length;
        });
    }

    public static async Task<string> RunAsync(BenchArgs args)
    {
        var count = args.Int("n", 10_000);
        var seconds = args.Int("seconds", 600);
        await using var azurite = await AzuriteRunner.StartAsync();
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-bench-").FullName;
        var settings = BenchHost.WithoutCa(azurite, port, data, "BenchWait");
        var engineConcurrency = args.Int("concurrency", 0);
        if (engineConcurrency > 0) settings["SslFlow:Engine:MaxConcurrentOrchestrations"] = engineConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = BenchHost.Build(port, settings);
        Register(app.Services.GetRequiredService<OrchestratorRegistry>());
        await app.StartAsync();
        var client = app.Services.GetRequiredService<IWorkflowClient>();
        // Warm the paths once so JIT and connection pools are part of the baseline, not of the per-order figure.
        for (var i = 0; i < 20; i++) await client.ScheduleNewOrchestrationInstanceAsync(WaitingOrchestration, null, $"warm-{i}");
        await WaitUntilWaitingAsync(client, Enumerable.Range(0, 20).Select(i => $"warm-{i}").ToList(), TimeSpan.FromSeconds(60));
        Settle();
        var baseline = Machine.RssMiB();
        var baselineManaged = GC.GetTotalMemory(true) / 1048576.0;
        var azuriteBaseline = ProcessCpu.ChildrenRssMiB().GetValueOrDefault("azurite");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sw = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, count).Select(i => $"wait-{i:D6}").ToList();
        var started = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cts.Token }, async (id, ct) =>
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WaitingOrchestration, null, id, ct);
            Interlocked.Increment(ref started);
        });
        var startSeconds = sw.Elapsed.TotalSeconds;
        var waiting = await WaitUntilWaitingAsync(client, ids, TimeSpan.FromSeconds(Math.Max(30, seconds - startSeconds)));
        var allWaitingSeconds = sw.Elapsed.TotalSeconds;
        var peak = Machine.RssMiB();
        Settle();
        var after = Machine.RssMiB();
        var afterManaged = GC.GetTotalMemory(true) / 1048576.0;
        var azuriteAfter = ProcessCpu.ChildrenRssMiB().GetValueOrDefault("azurite");
        var retained = string.Join(", ", new (object Owner, string Field)[]
        {
            (app.Services.GetRequiredService<SslFlow.Engine.Store.TableDurableStore>(), "_seenHints"),
            (app.Services.GetRequiredService<SslFlow.Engine.Hosting.DurableEngine>(), "_changed"),
            (app.Services.GetRequiredService<SslFlow.Engine.Hosting.DurableEngine>(), "_inFlight"),
        }.Select(x => $"{x.Owner.GetType().Name}.{x.Field}: {EntriesOf(x.Owner, x.Field)}"));
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        await app.StopAsync();
        await app.DisposeAsync();

        var perOrderKiB = (after - baseline) * 1024 / Math.Max(1, waiting);
        return Machine.Header($"5. Waiting orders ({count:N0} instances waiting for DCV)") + $"""

            Load average at the end (1/5/15 min): {string.Join(" / ", load)}. Instances created through the host's engine client (IWorkflowClient) with an orchestration that waits on the `dcv.completed` event (not through Pebble); the store is TableDurableStore on Azurite (its memory is in the Azurite process, not counted).
            Engine: {(engineConcurrency > 0 ? $"{engineConcurrency} concurrent episodes (`SslFlow:Engine:MaxConcurrentOrchestrations`; default 8) so that 10,000 instances reach their wait within the bench's time; a waiting instance holds no slot" : "default options")}.
            RSS = VmRSS of the process hosting LocalHostProgram.Build (the bench process), measured after a forced full GC unless marked.

            | measure | value |
            |---|---:|
            | instances started / reached the wait | {started:N0} / {waiting:N0} |
            | time to start all / until all waiting (s) | {startSeconds:F1} / {allWaitingSeconds:F1} |
            | host RSS idle (20 warm-up instances), MiB | {baseline:F1} |
            | host RSS with all waiting, before GC (peak), MiB | {peak:F1} |
            | host RSS with all waiting, after GC, MiB | {after:F1} |
            | RSS ratio all-waiting / idle | {after / baseline:F2}x |
            | RSS per waiting order, KiB | {perOrderKiB:F2} |
            | managed heap idle → all waiting, MiB | {baselineManaged:F1} → {afterManaged:F1} |
            | managed heap per waiting order, KiB | {(afterManaged - baselineManaged) * 1024 / Math.Max(1, waiting):F2} |
            | Azurite RSS idle → all waiting, MiB (where the waiting state lives) | {azuriteBaseline:F0} → {azuriteAfter:F0} |

            Per-instance entries held in the host's memory with all waiting (read by reflection, a diagnostic): {retained}.
            """;
    }

    /// <summary>Count of a private dictionary field (diagnostic only; "?" when the field is not there any more).</summary>
    private static string EntriesOf(object owner, string field) =>
        owner.GetType().GetField(field, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(owner) is System.Collections.ICollection c
            ? c.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "?";

    private static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Thread.Sleep(500);
    }

    /// <summary>
    /// Counts instances whose custom status says they wait (bounded in time); returns how many do. Reads the pending
    /// ids a window at a time in start order, so it costs about one read per instance rather than one per instance per round.
    /// </summary>
    public static async Task<int> WaitUntilWaitingAsync(IWorkflowClient client, IReadOnlyList<string> ids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var pending = new List<string>(ids);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var window = pending.Take(64).ToList();
            var waiting = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(window, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
            {
                var meta = await client.GetInstanceAsync(id, ct);
                if (meta?.SerializedCustomStatus?.Contains("waiting", StringComparison.Ordinal) == true) waiting.Add(id);
            });
            if (waiting.IsEmpty) await Task.Delay(200); // nothing of the oldest window waits yet: let the engine work
            else pending.RemoveAll(waiting.Contains);
        }
        return ids.Count - pending.Count;
    }
}
