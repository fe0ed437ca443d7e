using System.Collections.Concurrent;
using System.Diagnostics;
using SslFlow.Engine.History;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Catalog;

namespace SslFlow.Bench;

/// <summary>Time spent per category (summed over concurrent calls, so totals can exceed the wall time).</summary>
public sealed class Timings
{
    private readonly ConcurrentDictionary<string, Accumulator> _items = new(StringComparer.Ordinal);

    public void Add(string category, long elapsedTicks, bool failed = false)
    {
        var a = _items.GetOrAdd(category, _ => new Accumulator());
        Interlocked.Increment(ref a.Count);
        if (failed) Interlocked.Increment(ref a.Failed);
        Interlocked.Add(ref a.Ticks, elapsedTicks);
    }

    public (long Count, long Failed, TimeSpan Total) Get(string category) =>
        _items.TryGetValue(category, out var a) ? (a.Count, a.Failed, Stopwatch.GetElapsedTime(0, a.Ticks)) : (0, 0, TimeSpan.Zero);

    public TimeSpan Sum(IEnumerable<string> categories) => categories.Aggregate(TimeSpan.Zero, (t, c) => t + Get(c).Total);

    public IEnumerable<string> Categories => _items.Keys.Order(StringComparer.Ordinal);

    public void Reset() => _items.Clear();

    /// <summary>A copy of the figures so far (later calls do not change it).</summary>
    public Timings Snapshot()
    {
        var copy = new Timings();
        foreach (var (k, a) in _items) copy._items[k] = new Accumulator { Count = a.Count, Failed = a.Failed, Ticks = a.Ticks };
        return copy;
    }

    private sealed class Accumulator
    {
        public long Count;
        public long Failed;
        public long Ticks;
    }
}

/// <summary>
/// The engine's store, timed per call. The gap between an instance's <c>TryLockAsync</c> returning and its
/// <c>CommitAsync</c> starting is the episode's replay and planning (the engine does nothing else in between).
/// </summary>
public sealed class TimedDurableStore(IDurableStore inner, Timings timings) : IDurableStore
{
    private readonly ConcurrentDictionary<string, long> _lockedAt = new(StringComparer.Ordinal);

    public Task CreateAsync(InstanceRecord instance, InboxMessage start, CancellationToken cancellationToken) =>
        Time("store.create", () => inner.CreateAsync(instance, start, cancellationToken));

    public Task<bool> SendAsync(string instanceId, InboxMessage message, CancellationToken cancellationToken) =>
        Time("store.send", () => inner.SendAsync(instanceId, message, cancellationToken));

    public Task<IReadOnlyList<string>> GetDueAsync(DateTime now, int max, CancellationToken cancellationToken) =>
        Time("store.poll", () => inner.GetDueAsync(now, max, cancellationToken));

    public async Task<InstanceSnapshot?> TryLockAsync(string instanceId, string owner, DateTime now, DateTime lockUntil, CancellationToken cancellationToken)
    {
        var snapshot = await Time("store.lock", () => inner.TryLockAsync(instanceId, owner, now, lockUntil, cancellationToken));
        if (snapshot is not null) _lockedAt[instanceId] = Stopwatch.GetTimestamp();
        else timings.Add("store.lock (nothing to do)", 0);
        return snapshot;
    }

    public Task CommitAsync(InstanceSnapshot snapshot, InstanceCommit commit, CancellationToken cancellationToken)
    {
        if (_lockedAt.TryRemove(snapshot.Instance.InstanceId, out var lockedAt)) timings.Add("engine.replay", Stopwatch.GetTimestamp() - lockedAt);
        return Time("store.commit", () => inner.CommitAsync(snapshot, commit, cancellationToken));
    }

    public Task<bool> RenewTaskLeaseAsync(string instanceId, string taskKey, DateTime leaseUntil, CancellationToken cancellationToken) =>
        Time("store.renewLease", () => inner.RenewTaskLeaseAsync(instanceId, taskKey, leaseUntil, cancellationToken));

    public Task DeleteTaskAsync(string instanceId, string taskKey, CancellationToken cancellationToken) =>
        Time("store.deleteTask", () => inner.DeleteTaskAsync(instanceId, taskKey, cancellationToken));

    public Task<InstanceRecord?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        Time("store.get", () => inner.GetAsync(instanceId, cancellationToken));

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(instanceId, cancellationToken);

    public Task<(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeAsync(instanceId, cancellationToken);

    public Task RepairDueIndexAsync(CancellationToken cancellationToken) => inner.RepairDueIndexAsync(cancellationToken);

    private async Task Time(string category, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await call();
            failed = false;
        }
        finally
        {
            timings.Add(category, Stopwatch.GetTimestamp() - start, failed);
        }
    }

    private async Task<T> Time<T>(string category, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var result = await call();
            failed = false;
            return result;
        }
        finally
        {
            timings.Add(category, Stopwatch.GetTimestamp() - start, failed);
        }
    }
}

public static class TimedRegistry
{
    /// <summary>The workflow catalog as the local host registers it, each activity timed under <c>activity.{name}</c>.</summary>
    public static OrchestratorRegistry Create(Timings timings)
    {
        var registry = new OrchestratorRegistry();
        foreach (var o in WorkflowCatalog.Orchestrations) registry.AddOrchestrator(o.Name, o.Run);
        foreach (var a in WorkflowCatalog.Activities)
        {
            registry.AddActivity(a.Name, async (services, json, ct) =>
            {
                var start = Stopwatch.GetTimestamp();
                var failed = true;
                try
                {
                    var result = await a.Run(services, json, ct);
                    failed = false;
                    return result;
                }
                finally
                {
                    timings.Add("activity." + a.Name, Stopwatch.GetTimestamp() - start, failed);
                }
            });
        }
        return registry;
    }
}
