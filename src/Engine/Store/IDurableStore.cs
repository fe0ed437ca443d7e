using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Store;

/// <summary>
/// Where the engine keeps instances. Every change to one instance is one atomic write guarded by the instance
/// row's version (optimistic concurrency), so two hosts sharing a store never commit the same step twice.
/// </summary>
public interface IDurableStore
{
    /// <summary>Creates the instance with its ExecutionStarted message; throws <see cref="InstanceAlreadyExistsException"/> if the id exists.</summary>
    Task CreateAsync(InstanceRecord instance, InboxMessage start, CancellationToken cancellationToken);

    /// <summary>Adds a message for an instance and marks it due. Idempotent by message id. False when the instance does not exist.</summary>
    Task<bool> SendAsync(string instanceId, InboxMessage message, CancellationToken cancellationToken);

    /// <summary>Instances whose next due time has passed, from the due index.</summary>
    Task<IReadOnlyList<string>> GetDueAsync(DateTime now, int max, CancellationToken cancellationToken);

    /// <summary>Takes the instance's lock until <paramref name="lockUntil"/> and loads it; null when another owner holds it.</summary>
    Task<InstanceSnapshot?> TryLockAsync(string instanceId, string owner, DateTime now, DateTime lockUntil, CancellationToken cancellationToken);

    /// <summary>Commits an episode atomically; throws <see cref="StoreConcurrencyException"/> when the instance changed since it was locked.</summary>
    Task CommitAsync(InstanceSnapshot snapshot, InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease of an outbound task this host is still running, so no other host dispatches it again while
    /// it runs. False when the task is gone (its result was committed) or was changed by someone else. The default
    /// (for decorating stores written before this member) renews nothing: leases then run out after their length.
    /// </summary>
    Task<bool> RenewTaskLeaseAsync(string instanceId, string taskKey, DateTime leaseUntil, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    /// <summary>Removes a finished outbound task (its effect was delivered). No-op when gone.</summary>
    Task DeleteTaskAsync(string instanceId, string taskKey, CancellationToken cancellationToken);

    Task<InstanceRecord?> GetAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    Task<(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance and its history; false when missing or not finished.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Rebuilds the due index from the instance rows (start-up repair after a crash between a commit and its index write).</summary>
    Task RepairDueIndexAsync(CancellationToken cancellationToken);
}

/// <summary>An instance as loaded under its lock. <see cref="Version"/> guards the commit.</summary>
public sealed record InstanceSnapshot(
    InstanceRecord Instance,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxMessage> Inbox,
    IReadOnlyList<TimerRecord> Timers,
    IReadOnlyList<WorkTask> Tasks,
    string Version,
    bool MoreInbox = false);

/// <summary>One episode's changes, applied atomically with the new instance row.</summary>
public sealed record InstanceCommit(
    InstanceRecord Instance,
    IReadOnlyList<HistoryEvent> AppendHistory,
    bool ResetHistory,
    IReadOnlyList<string> ConsumedMessageIds,
    IReadOnlyList<TimerRecord> AddTimers,
    IReadOnlyList<string> RemoveTimerKeys,
    IReadOnlyList<WorkTask> UpsertTasks,
    IReadOnlyList<string> RemoveTaskKeys,
    IReadOnlyList<InboxMessage> AddMessages);

public sealed class StoreConcurrencyException(string instanceId)
    : Exception($"Instance '{instanceId}' changed while it was being processed; the episode will run again.");
