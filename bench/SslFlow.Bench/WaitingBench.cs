using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 5: resident memory (VmRSS) of the local host (in this process) with N orders waiting for DCV. The waiting
/// instances are created directly through the host's engine client, with an orchestration registered for the benchmark
/// that waits on the <c>dcv.completed</c> event (as an order waits for the CA), so no CA orders are needed.
/// </summary>
public static class WaitingBench
{
    public static async Task<string> RunAsync(BenchArgs args)
    {
        var count = args.Int("n", 10_000);
        var seconds = args.Int("seconds", 600);
        await using var azurite = await AzuriteRunner.StartAllServicesAsync();
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory("sslflow-bench-").FullName;
        var settings = BenchHost.WithoutCa(azurite, port, data, "BenchWait");
        var durable = BenchHost.DurableSettings(args);
        foreach (var (k, v) in durable) settings[k] = v;
        var app = BenchHost.Build(port, settings);
        await app.StartAsync();
        var engineSettings = BenchHost.Describe(app.Services);
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await BenchHost.WarmAsync(client);
        // Warm the paths once so JIT and connection pools are part of the baseline, not of the per-order figure.
        for (var i = 0; i < 20; i++) await client.ScheduleNewOrchestrationInstanceAsync(BenchHost.WaitingOrchestration, null, new StartOrchestrationOptions($"warm-{i}"));
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
            await client.ScheduleNewOrchestrationInstanceAsync(BenchHost.WaitingOrchestration, null, new StartOrchestrationOptions(id), ct);
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
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        await app.StopAsync();
        await app.DisposeAsync();

        var perOrderKiB = (after - baseline) * 1024 / Math.Max(1, waiting);
        return Machine.Header($"5. Waiting orders ({count:N0} instances waiting for DCV)") + $"""

            Load average at the end (1/5/15 min): {string.Join(" / ", load)}. Instances created through the host's DurableTaskClient with an orchestration registered next to the workflow that sets a custom status and waits on the `dcv.completed` event (not through Pebble); the Durable Task Framework's Azure Storage provider keeps them in Azurite (blob+queue+table, in memory; its memory is in the Azurite process, not counted).
            Engine: {engineSettings}. A waiting instance holds no slot; with extended sessions off it is not kept in the host's memory between episodes.
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
    public static async Task<int> WaitUntilWaitingAsync(DurableTaskClient client, IReadOnlyList<string> ids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var pending = new List<string>(ids);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var window = pending.Take(64).ToList();
            var waiting = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(window, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
            {
                var meta = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct); // custom status comes only with inputs and outputs
                if (meta?.SerializedCustomStatus?.Contains("waiting", StringComparison.Ordinal) == true) waiting.Add(id);
            });
            if (waiting.IsEmpty) await Task.Delay(200); // nothing of the oldest window waits yet: let the engine work
            else pending.RemoveAll(waiting.Contains);
        }
        return ids.Count - pending.Count;
    }
}
