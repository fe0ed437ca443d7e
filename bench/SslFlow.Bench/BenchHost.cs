using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.DevStack;
using SslFlow.LocalHost;

namespace SslFlow.Bench;

/// <summary>The real local host (LocalHostProgram.Build), in this process, over the given Azurite and settings.</summary>
public static class BenchHost
{
    public static string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>An orchestration that does nothing: started a few times after start-up so partition leases are held before timing.</summary>
    public const string WarmOrchestration = "BenchWarm";

    /// <summary>Waits on <c>dcv.completed</c> as an order waits for its CA (the webhook and waiting benchmarks).</summary>
    public const string WaitingOrchestration = "BenchWaitForDcv";

    /// <summary>Settings for a host that is not used to reach a CA (the webhook and waiting benchmarks).</summary>
    public static Dictionary<string, string?> WithoutCa(AzuriteRunner azurite, int apiPort, string dataDirectory, string taskHub) => new()
    {
        ["urls"] = $"http://127.0.0.1:{apiPort}",
        ["SslFlow:TablesConnectionString"] = azurite.ConnectionString,
        ["SslFlow:TaskHub"] = taskHub,
        ["SslFlow:DataDirectory"] = dataDirectory,
        ["SslFlow:Http01Port"] = FreePort.Next().ToString(),
        ["SslFlow:AllowTestNames"] = "true",
        [$"SslFlow:ApiKeys:{ApiKey}"] = "bench",
        ["SslFlow:Acme:DirectoryUrl"] = "https://127.0.0.1:9/dir",
        ["SslFlow:Smtp:Host"] = "127.0.0.1",
        ["SslFlow:Smtp:Port"] = "1",
        // Renewal runs every 30 min by default; far away in a benchmark run.
        ["Logging:LogLevel:Default"] = "Warning",
        // The local host's Durable settings as the demo and the end-to-end tests run it (DevHost.LocalStack.HostSettings).
        ["SslFlow:Durable:MaxQueuePollingInterval"] = "00:00:00.2",
        ["SslFlow:Durable:PartitionCount"] = "2",
        ["SslFlow:Durable:LeaseInterval"] = "00:00:06",
        ["SslFlow:Durable:ControlQueueVisibilityTimeout"] = "00:00:08",
        ["SslFlow:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:08",
    };

    /// <summary>
    /// The local host's Durable Task Framework settings (<c>SslFlow:Durable:*</c>, AzureStorageHubOptions) from
    /// <c>--durable Name=value,Name=value</c>; empty means the host's defaults.
    /// </summary>
    public static Dictionary<string, string?> DurableSettings(BenchArgs args) =>
        (args.String("durable") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => $"SslFlow:Durable:{p[0]}", p => (string?)p[1]);

    /// <summary>The Durable settings a built host actually runs with, as the doc states them.</summary>
    public static string Describe(IServiceProvider services)
    {
        var o = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SslFlow.DurableBridge.AzureStorageHubOptions>>().Value;
        return $"Durable settings (`SslFlow:Durable:*`): {o.PartitionCount} partitions, {o.MaxConcurrentOrchestrations} orchestrations and {o.MaxConcurrentActivities} activities at once, "
            + $"MaxQueuePollingInterval {o.MaxQueuePollingInterval.TotalMilliseconds:F0} ms, extended sessions {(o.ExtendedSessionsEnabled ? "on" : "off")}, lease {o.LeaseInterval.TotalSeconds:F0} s";
    }

    public static WebApplication Build(int apiPort, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        LocalHostProgram.Build(["--urls", $"http://127.0.0.1:{apiPort}"], c => c.AddInMemoryCollection(settings), s =>
        {
            AddBenchOrchestrations(s);
            services?.Invoke(s);
        });

    /// <summary>Adds the benchmarks' own orchestrations to the host's worker registry (next to the workflow catalog).</summary>
    public static void AddBenchOrchestrations(IServiceCollection services) =>
        services.ConfigureAll<DurableTaskRegistry>(r =>
        {
            r.AddOrchestratorFunc<int, int>(WarmOrchestration, (_, n) => Task.FromResult(n));
            r.AddOrchestratorFunc<object?, int>(WaitingOrchestration, async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting for dcv");
                var e = await ctx.WaitForExternalEvent<System.Text.Json.JsonElement>("dcv.completed");
                return e.ToString().Length;
            });
        });

    /// <summary>
    /// Runs 16 no-op orchestrations (their ids hash onto every partition) so the host holds its partition leases and
    /// its connections are open before anything is timed; the first orchestration after a start waits for a lease.
    /// </summary>
    public static async Task<TimeSpan> WarmAsync(DurableTaskClient client)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var prefix = "warm-" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        for (var i = 0; i < 16; i++) ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(WarmOrchestration, i, new StartOrchestrationOptions($"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}"), cts.Token));
        foreach (var id in ids) await client.WaitForInstanceCompletionAsync(id, cts.Token);
        Console.Error.WriteLine($"host warm after {sw.Elapsed.TotalSeconds:F1} s");
        return sw.Elapsed;
    }
}
