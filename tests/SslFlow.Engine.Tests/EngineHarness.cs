using Microsoft.Extensions.Time.Testing;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Tests;

/// <summary>An engine over a store with a fake clock; tests await instance completion, never sleep.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public EngineHarness(Action<OrchestratorRegistry> register, IDurableStore? store = null, FakeTimeProvider? time = null, Action<EngineOptions>? configure = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        Store = store ?? new InMemoryDurableStore();
        Registry = new OrchestratorRegistry();
        register(Registry);
        Options = new EngineOptions { PollInterval = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(Options);
        Engine = new DurableEngine(Store, Registry, new EmptyServices(), Time, Options);
    }

    public EngineOptions Options { get; }

    public FakeTimeProvider Time { get; }
    public IDurableStore Store { get; }
    public OrchestratorRegistry Registry { get; }
    public DurableEngine Engine { get; }
    public IWorkflowClient Client => Engine.Client;

    public Task StartAsync() => Engine.StartAsync();

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, string? id = null)
    {
        id ??= Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync(name, input, id);
        return await WaitAsync(id);
    }

    public Task<OrchestrationMetadata> WaitAsync(string id) =>
        Client.WaitForInstanceCompletionAsync(id).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits until the instance reports a custom status satisfying <paramref name="predicate"/> (a real signal, bounded).</summary>
    public async Task<OrchestrationMetadata> WaitForStatusAsync(string id, Func<OrchestrationMetadata, bool> predicate)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = Engine.WaitForChangeForTests(id, cts.Token);
            var meta = await Client.GetInstanceAsync(id, cts.Token);
            if (meta is not null && predicate(meta)) return meta;
            await change;
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Runs the instance to its end on the fake clock: whenever it is idle with a future due time (a durable timer,
    /// a lease), the clock jumps exactly there. Time moves only as far as the instance itself asks.
    /// </summary>
    public async Task<OrchestrationMetadata> DriveToCompletionAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = Engine.WaitForChangeForTests(id, cts.Token);
            var meta = await Client.GetInstanceAsync(id, cts.Token) ?? throw new InstanceNotFoundException(id);
            if (meta.IsCompleted) return meta;
            var record = await Store.GetAsync(id, cts.Token);
            var now = Time.GetUtcNow().UtcDateTime;
            if (record is { LockedBy: null } && record.NextDueAt > now && record.NextDueAt != DateTime.MaxValue)
            {
                Time.Advance(record.NextDueAt - now);
            }
            await change;
            cts.Token.ThrowIfCancellationRequested();
        }
    }

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
