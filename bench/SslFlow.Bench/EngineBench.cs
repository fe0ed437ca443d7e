using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SslFlow.DevStack;
using SslFlow.DurableBridge;

namespace SslFlow.Bench;

/// <summary>
/// Benchmark 2: orchestrations of 5 sequential no-op activities on the Durable Task Framework's Azure Storage provider
/// (Azurite: blobs, queues, tables) through SslFlow.DurableBridge, with a few settings of <see cref="AzureStorageHubOptions"/>,
/// against a bare loop making the same 5 calls with no engine. Durable's count of work items: orchestrator episodes
/// (start + one per completed activity = 6) + activities (5) = 11 per orchestration.
/// </summary>
public static class EngineBench
{
    private const int Activities = 5;
    private const int WorkItemsPerOrchestration = Activities + 1 + Activities;

    /// <summary>The old embedded engine's recorded figure on Azurite (docs/benchmarks.md, 2026-11-25, TableDurableStore).</summary>
    private const double OldEngineWorkItems = 269;

    private sealed record Variant(string Name, int Partitions, int Orchestrations, int ActivitiesAtOnce, bool ExtendedSessions, TimeSpan Polling);

    private static readonly Variant[] Variants =
    [
        new("the bridge's defaults", 4, 10, 10, false, TimeSpan.FromSeconds(1)),
        new("the local host's (HostSettings)", 2, 10, 10, false, TimeSpan.FromMilliseconds(200)),
        new("local, 50/50 at once", 2, 50, 50, false, TimeSpan.FromMilliseconds(200)),
        new("local, 50/50 at once, extended sessions", 2, 50, 50, true, TimeSpan.FromMilliseconds(200)),
        new("1 partition, 50/50, extended sessions, polling ≤ 100 ms", 1, 50, 50, true, TimeSpan.FromMilliseconds(100)),
    ];

    public static async Task<string> RunAsync(BenchArgs args)
    {
        var count = args.Int("table", 300);
        var seconds = args.Int("seconds", 90);
        var only = args.String("variants")?.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

        await BareLoopAsync(10_000); // JIT
        var bare = await BareLoopAsync(args.Int("memory", 5000) * 20);
        var runs = new List<(Variant Variant, Run Run, Timings Calls)>();
        await using (var azurite = await AzuriteRunner.StartAllServicesAsync())
        {
            for (var i = 0; i < Variants.Length; i++)
            {
                if (only is not null && !only.Contains(i + 1)) continue;
                var traffic = new StorageTraffic().For(azurite);
                Run run;
                try
                {
                    run = await DurableRunAsync(azurite, Variants[i], $"BenchHub{i + 1}", traffic, count, TimeSpan.FromSeconds(seconds));
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine($"engine: {Variants[i].Name}: the warm-up did not finish in time; left out");
                    continue;
                }
                Console.Error.WriteLine($"engine: {Variants[i].Name}: {run.Count} in {run.Elapsed.TotalSeconds:F1} s");
                runs.Add((Variants[i], run, traffic.Calls.Snapshot()));
            }
        }

        var bareRate = bare.Count / bare.Elapsed.TotalSeconds;
        string Row(string what, Run r, string items, string vsOld) =>
            $"| {what} | {r.Count} | {r.Elapsed.TotalSeconds:F2} | {r.Rate:F1} | {items} | {vsOld} | {r.Rate / bareRate:P3} | {r.SelfCpu / r.Elapsed.TotalSeconds:P0} | {(r.AzuriteCpu > 0 ? (r.AzuriteCpu / r.Elapsed.TotalSeconds).ToString("P0", CultureInfo.InvariantCulture) : "–")} | {(r.Requests > 0 ? (r.Requests / (double)Math.Max(1, r.Count)).ToString("F0", CultureInfo.InvariantCulture) : "–")} |";
        var rows = runs.Select(x => Row($"DTFx + Azure Storage on Azurite: {x.Variant.Name} (partitions {x.Variant.Partitions}, orchestrations/activities at once {x.Variant.Orchestrations}/{x.Variant.ActivitiesAtOnce}, extended sessions {(x.Variant.ExtendedSessions ? "on" : "off")}, MaxQueuePollingInterval {x.Variant.Polling.TotalMilliseconds:F0} ms)",
            x.Run, $"{x.Run.Rate * WorkItemsPerOrchestration:F0}", $"{x.Run.Rate * WorkItemsPerOrchestration / OldEngineWorkItems:F2}x"));
        (Variant Variant, Run Run, Timings Calls)? best = runs.Count == 0 ? null : runs.MaxBy(x => x.Run.Rate);
        var breakdown = best is null ? "" : string.Join("\n", best.Value.Calls.Categories
            .Select(c => (c, best.Value.Calls.Get(c)))
            .OrderByDescending(x => x.Item2.Total)
            .Select(x => $"| {x.c} | {x.Item2.Count / (double)Math.Max(1, best.Value.Run.Count):F2} | {x.Item2.Total.TotalMilliseconds / Math.Max(1, x.Item2.Count):F1} | {x.Item2.Total.TotalMilliseconds / Math.Max(1, best.Value.Run.Count):F0} |"));
        return Machine.Header("2. Engine throughput (5 sequential no-op activities)") + $"""

            Load average at the start (1/5/15 min): {string.Join(" / ", load)}. The Durable Task Framework (DurableTask.Core TaskHubWorker) with its Azure Storage provider through src/DurableBridge, in the bench process, on one Azurite (blob+queue+table, in memory); each setting its own task hub, warmed by 10 orchestrations first (partition leases, connections); then {count} instances scheduled (16 starts at a time), timed from the first schedule to the last completion (the instances' own completion time in the store).
            A work item = one orchestrator episode or one activity = {WorkItemsPerOrchestration} per orchestration (Durable's count). The bare loop (the limit) makes the same 5 calls (int in, int out, JSON through the worker's JsonDataConverter) with no engine.
            Before: the deleted embedded engine (TableDurableStore on Azurite) recorded {OldEngineWorkItems:F0} work items/s here (2026-11-25, load ~1.8). Reference (not measured here): Azure Storage provider ~250 work items/s per worker, Durable Task Scheduler ~1,400.

            | run | orchestrations | seconds | orchestrations/s | work items/s | vs old engine (269) | vs bare loop | bench process CPU | Azurite CPU | storage requests per orchestration |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            {Row("bare loop (the limit)", bare, $"{bareRate * Activities:F0} calls/s", "–")}
            {string.Join("\n", rows)}

            CPU columns are % of one core (2 cores = 200 %). Storage requests include the bench's own status reads (one instance read every 250 ms while waiting).

            Where the fastest setting's time goes{(best is null ? "" : $" ({best.Value.Variant.Name})")}: every storage request the framework made, by kind (calls per orchestration, ms per call, and ms per orchestration summed over concurrent calls).

            | storage request | calls per orchestration | ms per call | ms per orchestration |
            |---|---:|---:|---:|
            {breakdown}
            """;
    }

    private sealed record Run(int Count, TimeSpan Elapsed, double SelfCpu, double AzuriteCpu, long Requests = 0)
    {
        public double Rate => Count / Elapsed.TotalSeconds;
    }

    private static readonly JsonDataConverter Converter = JsonDataConverter.Default;

    private static int Noop(int value) => value;

    private static Task<Run> BareLoopAsync(int count)
    {
        var cpu = ProcessCpu.Self();
        var sw = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            var value = n;
            for (var i = 0; i < Activities; i++) value = Converter.Deserialize<int>(Converter.Serialize(Noop(Converter.Deserialize<int>(Converter.Serialize(value + 1)))));
        }
        return Task.FromResult(new Run(count, sw.Elapsed, ProcessCpu.Self() - cpu, 0));
    }

    private static async Task<Run> DurableRunAsync(AzuriteRunner azurite, Variant variant, string taskHub, StorageTraffic traffic, int count, TimeSpan limit)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAzureStorageOrchestrationService(o =>
        {
            o.ConnectionString = azurite.ConnectionString;
            o.TaskHubName = taskHub;
            o.PartitionCount = variant.Partitions;
            o.MaxConcurrentOrchestrations = variant.Orchestrations;
            o.MaxConcurrentActivities = variant.ActivitiesAtOnce;
            o.ExtendedSessionsEnabled = variant.ExtendedSessions;
            o.MaxQueuePollingInterval = variant.Polling;
        });
        traffic.Register(builder.Services, azurite.ConnectionString);
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r =>
            {
                r.AddActivityFunc<int, int>("Noop", (_, value) => Noop(value));
                r.AddOrchestratorFunc<int, int>("FiveSteps", async (ctx, value) =>
                {
                    for (var i = 0; i < Activities; i++) value = await ctx.CallActivityAsync<int>("Noop", value + 1);
                    return value;
                });
            });
            b.UseOrchestrationService();
        });
        builder.Services.AddDurableTaskClient(b => b.UseOrchestrationService());
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            await ScheduleAndWaitAsync(client, "warm", 10, TimeSpan.FromSeconds(120)); // partition leases, connections, JIT
            var (requests, cpu, azuriteCpu) = (traffic.Requests, ProcessCpu.Self(), ProcessCpu.Children().GetValueOrDefault("azurite"));
            traffic.Calls.Reset();
            var (completed, elapsed) = await ScheduleAndWaitAsync(client, Guid.NewGuid().ToString("N")[..8], count, limit);
            return new Run(completed, elapsed, ProcessCpu.Self() - cpu, ProcessCpu.Children().GetValueOrDefault("azurite") - azuriteCpu, traffic.Requests - requests);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Schedules <paramref name="count"/> instances at once and waits for all; elapsed = first schedule → last completion time in the store.</summary>
    private static async Task<(int Completed, TimeSpan Elapsed)> ScheduleAndWaitAsync(DurableTaskClient client, string prefix, int count, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var start = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, count).Select(n => $"{prefix}-{n}").ToList();
        var completed = 0;
        var last = start;
        try
        {
            // 16 starts at once: one start is three storage round trips, and one at a time they would dominate the run.
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cts.Token },
                async (n, ct) => await client.ScheduleNewOrchestrationInstanceAsync("FiveSteps", n, new StartOrchestrationOptions(ids[n]), ct));
            foreach (var id in ids)
            {
                var meta = await client.WaitForInstanceCompletionAsync(id, cts.Token);
                if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
                if (meta.LastUpdatedAt > last) last = meta.LastUpdatedAt;
                completed++;
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"time limit reached: {completed}/{count} completed");
            return (completed, sw.Elapsed);
        }
        return (completed, last - start);
    }
}
