using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Store;

/// <summary>The store for unit tests of orchestrations and for benchmarks: same semantics as the table store, one lock.</summary>
public sealed class InMemoryDurableStore : IDurableStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _instances = new(StringComparer.Ordinal);

    public Task CreateAsync(InstanceRecord instance, InboxMessage start, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.ContainsKey(instance.InstanceId)) throw new InstanceAlreadyExistsException(instance.InstanceId);
            var entry = new Entry { Instance = instance with { LastMessageSequence = 1 } };
            entry.Inbox[start.Id] = start with { Sequence = 1 };
            entry.Bump();
            _instances[instance.InstanceId] = entry;
        }
        return Task.CompletedTask;
    }

    public Task<bool> SendAsync(string instanceId, InboxMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var entry)) return Task.FromResult(false);
            if (!entry.Inbox.ContainsKey(message.Id))
            {
                var sequence = entry.Instance.LastMessageSequence + 1;
                entry.Inbox[message.Id] = message with { Sequence = sequence };
                entry.Instance = entry.Instance with { NextDueAt = Min(entry.Instance.NextDueAt, message.EnqueuedAt), LastMessageSequence = sequence };
                entry.Bump();
            }
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> GetDueAsync(DateTime now, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> due = _instances.Values
                .Where(e => e.Instance.NextDueAt <= now)
                .OrderBy(e => e.Instance.NextDueAt)
                .Take(max)
                .Select(e => e.Instance.InstanceId)
                .ToList();
            return Task.FromResult(due);
        }
    }

    public Task<InstanceSnapshot?> TryLockAsync(string instanceId, string owner, DateTime now, DateTime lockUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var entry)) return Task.FromResult<InstanceSnapshot?>(null);
            var i = entry.Instance;
            if (i.LockedBy is not null && i.LockedBy != owner && i.LockedUntil > now) return Task.FromResult<InstanceSnapshot?>(null);
            if (i.NextDueAt > now) return Task.FromResult<InstanceSnapshot?>(null); // nothing to do yet
            entry.Instance = i with { LockedBy = owner, LockedUntil = lockUntil };
            entry.Bump();
            return Task.FromResult<InstanceSnapshot?>(new InstanceSnapshot(
                entry.Instance,
                entry.History.ToList(),
                entry.Inbox.Values.OrderBy(m => m.Sequence).ToList(),
                entry.Timers.Values.ToList(),
                entry.Tasks.Values.ToList(),
                entry.Version.ToString()));
        }
    }

    public Task CommitAsync(InstanceSnapshot snapshot, InstanceCommit commit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = snapshot.Instance.InstanceId;
            if (!_instances.TryGetValue(id, out var entry) || entry.Version.ToString() != snapshot.Version) throw new StoreConcurrencyException(id);
            if (commit.ResetHistory) entry.History.Clear();
            entry.History.AddRange(commit.AppendHistory);
            foreach (var m in commit.ConsumedMessageIds) entry.Inbox.Remove(m);
            foreach (var t in commit.RemoveTimerKeys) entry.Timers.Remove(t);
            foreach (var t in commit.AddTimers) entry.Timers[t.Key] = t;
            foreach (var t in commit.RemoveTaskKeys) entry.Tasks.Remove(t);
            foreach (var t in commit.UpsertTasks) entry.Tasks[t.Key] = t;
            var sequence = snapshot.Instance.LastMessageSequence;
            foreach (var m in commit.AddMessages) entry.Inbox[m.Id] = m with { Sequence = ++sequence };
            entry.Instance = commit.Instance with { LastMessageSequence = sequence };
            entry.Bump();
        }
        return Task.CompletedTask;
    }

    public Task<bool> RenewTaskLeaseAsync(string instanceId, string taskKey, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var entry) || !entry.Tasks.TryGetValue(taskKey, out var task)) return Task.FromResult(false);
            entry.Tasks[taskKey] = task with { LeaseUntil = leaseUntil };
            return Task.FromResult(true);
        }
    }

    public Task DeleteTaskAsync(string instanceId, string taskKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var entry)) entry.Tasks.Remove(taskKey);
        }
        return Task.CompletedTask;
    }

    public Task<InstanceRecord?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var e) ? e.Instance : null);
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var e) ? e.History.ToList() : [];
            return Task.FromResult(history);
        }
    }

    public Task<(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var matching = _instances.Values.Select(e => e.Instance)
                .Where(i => QueryFilter.Matches(query, i))
                .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
                .SkipWhile(i => query.ContinuationToken is not null && string.CompareOrdinal(i.InstanceId, query.ContinuationToken) <= 0)
                .Take(query.PageSize + 1)
                .ToList();
            var more = matching.Count > query.PageSize;
            var page = matching.Take(query.PageSize).ToList();
            return Task.FromResult<(IReadOnlyList<InstanceRecord>, string?)>((page, more ? page[^1].InstanceId : null));
        }
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var e) || !e.Instance.IsTerminal) return Task.FromResult(false);
            _instances.Remove(instanceId);
            return Task.FromResult(true);
        }
    }

    public Task RepairDueIndexAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed class Entry
    {
        public required InstanceRecord Instance { get; set; }
        public List<HistoryEvent> History { get; } = [];
        public Dictionary<string, InboxMessage> Inbox { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, TimerRecord> Timers { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, WorkTask> Tasks { get; } = new(StringComparer.Ordinal);
        public long Version { get; private set; }
        public void Bump() => Version++;
    }
}
