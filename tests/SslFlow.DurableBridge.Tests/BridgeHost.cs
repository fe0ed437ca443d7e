using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SslFlow.DurableBridge.Tests;

/// <summary>
/// A host as the local host wires the bridge: Azure Storage service, SDK worker with the test registry, SDK client, and
/// a DataConverter with its own JSON options (camelCase, enums as strings) to prove they reach every payload.
/// </summary>
public sealed class BridgeHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly IHost _host;

    private BridgeHost(IHost host) => _host = host;

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Fast settings: short polling and leases, few partitions, so that a test waits for seconds, not minutes.</summary>
    public static async Task<BridgeHost> StartAsync(string connectionString, string taskHub, TestLedger ledger, bool withWorker = true,
        int partitions = 1, Action<AzureStorageHubOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG") == "1" ? LogLevel.Information : LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG") == "1") builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(new HostMarker(taskHub + "/" + Guid.NewGuid().ToString("N")[..6]));
        builder.Services.AddScoped<ScopedGreeter>();
        builder.Services.AddAzureStorageOrchestrationService(o =>
        {
            o.ConnectionString = connectionString;
            o.TaskHubName = taskHub;
            o.PartitionCount = partitions;
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200);
            o.LeaseInterval = TimeSpan.FromSeconds(6);
            o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
            o.WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(o);
        });
        var converter = new JsonDataConverter(Json);
        if (withWorker)
        {
            builder.Services.AddDurableTaskWorker(b =>
            {
                b.AddTasks(TestTasks.Register);
                b.Configure(o => o.DataConverter = converter);
                b.UseOrchestrationService();
            });
        }
        builder.Services.AddDurableTaskClient(b =>
        {
            b.Configure(o => o.DataConverter = converter);
            b.UseOrchestrationService(o => o.StatusPollingInterval = TimeSpan.FromMilliseconds(100));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BridgeHost(host);
    }

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>What activities did, shared by every host of a test (two hosts must not execute one activity twice).</summary>
public sealed class TestLedger
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

    public int Increment(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Count(string key) => _counts.TryGetValue(key, out var n) ? n : 0;

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);
}

/// <summary>Which host ran an activity (for the two-host test's report).</summary>
public sealed record HostMarker(string Name);

/// <summary>A scoped service: one per activity execution when the bridge gives each execution its own scope.</summary>
public sealed class ScopedGreeter
{
    public Guid ScopeId { get; } = Guid.NewGuid();

    public string Greet(string name) => $"hello {name}";
}

public static class Hubs
{
    /// <summary>Own task hub per test: letters and digits only, unique.</summary>
    public static string New(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 16, 45)];
}

public static class ClientWaits
{
    /// <summary>Polls the instance through the client until <paramref name="done"/> holds (bounded).</summary>
    public static async Task<OrchestrationMetadata> WaitForAsync(this DurableTaskClient client, string instanceId,
        Func<OrchestrationMetadata, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (metadata is not null && done(metadata)) return metadata;
            await Task.Delay(100, cts.Token); // client-side polling of the store, as the client's own waits do
        }
    }

    public static async Task<OrchestrationMetadata> CompleteAsync(this DurableTaskClient client, string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }
}
