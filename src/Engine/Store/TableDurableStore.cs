using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Store;

/// <summary>
/// The engine's store in Azure Tables (Azurite locally). Layout, per task hub:
/// <list type="bullet">
/// <item><c>{hub}</c>: PartitionKey = instance id, so every change to an instance is one entity-group
/// transaction. Rows: <c>state</c> (the instance row; its ETag is the optimistic-concurrency version),
/// <c>h{generation}-{index}</c> journal, <c>m-{id}</c> inbox, <c>t-{key}</c> timers, <c>w-{key}</c> outbound tasks.</item>
/// <item><c>{hub}Due</c>: PartitionKey <c>due</c>, RowKey <c>{ticks}-{instance}</c>: a hint per instance that needs a
/// worker at that time, so pollers read only due rows. Hints are advisory: the instance row decides.</item>
/// </list>
/// </summary>
public sealed class TableDurableStore : IDurableStore
{
    private const string StateKey = "state";
    private const int MaxInboxPerEpisode = 40;
    private static readonly JsonSerializerOptions Json = WorkflowJson.Options;
    private readonly TableClient _table;
    private readonly TableClient _due;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _seenHints = new(StringComparer.Ordinal);

    public TableDurableStore(TableServiceClient service, string hubName)
    {
        _table = service.GetTableClient(hubName);
        _due = service.GetTableClient(hubName + "Due");
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _due.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task CreateAsync(InstanceRecord instance, InboxMessage start, CancellationToken cancellationToken)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToEntity(instance with { LastMessageSequence = 1 })),
            new(TableTransactionActionType.Add, Row(instance.InstanceId, MessageKey(start.Id), start with { Sequence = 1 })),
        };
        try
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            throw new InstanceAlreadyExistsException(instance.InstanceId);
        }
        await AddHintAsync(instance.InstanceId, instance.NextDueAt, cancellationToken);
    }

    public async Task<bool> SendAsync(string instanceId, InboxMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var state = await GetStateEntityAsync(instanceId, cancellationToken);
            if (state is null) return false;
            var nextDue = Math.Min(state.GetInt64("NextDueAt") ?? long.MaxValue, message.EnqueuedAt.Ticks);
            // The message takes the instance's next sequence number in the same ETag-guarded transaction, so
            // concurrent senders get distinct, gap-free numbers in the order their writes landed.
            var sequence = (state.GetInt64(nameof(InstanceRecord.LastMessageSequence)) ?? 0) + 1;
            var update = new TableEntity(instanceId, StateKey) { ["NextDueAt"] = nextDue, [nameof(InstanceRecord.LastMessageSequence)] = sequence };
            var batch = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, Row(instanceId, MessageKey(message.Id), message with { Sequence = sequence })),
                new(TableTransactionActionType.UpdateMerge, update, state.ETag),
            };
            try
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken);
                break;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                return true; // the same message id is stored already: a redelivery
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // The instance row moved (a commit or another sender): read it again.
            }
        }
        await AddHintAsync(instanceId, message.EnqueuedAt, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<string>> GetDueAsync(DateTime now, int max, CancellationToken cancellationToken)
    {
        var upper = $"{now.Ticks:D19}~";
        var ids = new List<string>();
        await foreach (var hint in _due.QueryAsync<TableEntity>(e => e.PartitionKey == "due" && e.RowKey.CompareTo(upper) <= 0, maxPerPage: max, cancellationToken: cancellationToken))
        {
            var id = hint.RowKey[20..];
            _seenHints.GetOrAdd(id, _ => new ConcurrentDictionary<string, byte>())[hint.RowKey] = 0;
            if (!ids.Contains(id)) ids.Add(id);
            if (ids.Count >= max) break;
        }
        return ids;
    }

    public async Task<InstanceSnapshot?> TryLockAsync(string instanceId, string owner, DateTime now, DateTime lockUntil, CancellationToken cancellationToken)
    {
        var state = await GetStateEntityAsync(instanceId, cancellationToken);
        if (state is null)
        {
            await ClearSeenHintsAsync(instanceId, long.MaxValue, cancellationToken);
            return null;
        }
        var record = FromEntity(state);
        if (record.LockedBy is not null && record.LockedBy != owner && record.LockedUntil > now) return null;
        if (record.NextDueAt > now)
        {
            // A stale hint: drop it and make sure the real due time has one.
            await ClearSeenHintsAsync(instanceId, record.NextDueAt.Ticks, cancellationToken);
            if (record.NextDueAt != InstanceRecord.Never) await AddHintAsync(instanceId, record.NextDueAt, cancellationToken);
            return null;
        }
        var lockUpdate = new TableEntity(instanceId, StateKey) { ["LockedBy"] = owner, ["LockedUntil"] = lockUntil.Ticks };
        Response response;
        try
        {
            response = await _table.UpdateEntityAsync(lockUpdate, state.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null; // another host took it, or a message arrived: the next signal or poll comes back
        }
        record = record with { LockedBy = owner, LockedUntil = lockUntil };

        var history = new List<(string Key, HistoryEvent Event)>();
        var inbox = new List<InboxMessage>();
        var timers = new List<TimerRecord>();
        var tasks = new List<WorkTask>();
        var historyPrefix = $"h{record.Generation:D6}-";
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellationToken))
        {
            var key = row.RowKey;
            var data = row.GetString("Data");
            if (key.StartsWith(historyPrefix, StringComparison.Ordinal)) history.Add((key, Deserialize<HistoryEvent>(data)));
            else if (key.StartsWith("m-", StringComparison.Ordinal)) inbox.Add(Deserialize<InboxMessage>(data));
            else if (key.StartsWith("t-", StringComparison.Ordinal)) timers.Add(Deserialize<TimerRecord>(data));
            else if (key.StartsWith("w-", StringComparison.Ordinal)) tasks.Add(Deserialize<WorkTask>(data));
        }
        // Rows past HistoryCount belong to a commit that did not finish; they are not history.
        var journal = history.OrderBy(h => h.Key, StringComparer.Ordinal).Take(record.HistoryCount).Select(h => h.Event).ToList();
        var orderedInbox = inbox.OrderBy(m => m.Sequence).ThenBy(m => m.EnqueuedAt).ToList();
        return new InstanceSnapshot(record, journal, orderedInbox.Take(MaxInboxPerEpisode).ToList(), timers, tasks,
            response.Headers.ETag!.Value.ToString(), orderedInbox.Count > MaxInboxPerEpisode);
    }

    public async Task CommitAsync(InstanceSnapshot snapshot, InstanceCommit commit, CancellationToken cancellationToken)
    {
        var id = snapshot.Instance.InstanceId;
        // Messages the episode adds (ContinueAsNew's start and carried events) take the next sequence numbers.
        var sequence = snapshot.Instance.LastMessageSequence;
        var addMessages = commit.AddMessages.Select(m => m with { Sequence = ++sequence }).ToList();
        var next = commit.Instance with { LastMessageSequence = sequence };
        var firstIndex = commit.ResetHistory ? 0 : snapshot.History.Count;

        // Journal rows first, in their own transactions if many: past HistoryCount they are invisible until the state row says so.
        var historyRows = commit.AppendHistory.Select((e, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            Row(id, $"h{next.Generation:D6}-{firstIndex + i:D8}", e))).ToList();
        var final = new List<TableTransactionAction>();
        var existingTimers = snapshot.Timers.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var existingTasks = snapshot.Tasks.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var existingMessages = snapshot.Inbox.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        final.AddRange(commit.ConsumedMessageIds.Where(existingMessages.Contains).Select(m => Delete(id, MessageKey(m))));
        final.AddRange(commit.RemoveTimerKeys.Where(existingTimers.Contains).Select(t => Delete(id, $"t-{t}")));
        final.AddRange(commit.RemoveTaskKeys.Where(existingTasks.Contains).Select(t => Delete(id, $"w-{t}")));
        final.AddRange(commit.AddTimers.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(id, $"t-{t.Key}", t))));
        final.AddRange(commit.UpsertTasks.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(id, $"w-{t.Key}", t))));
        final.AddRange(addMessages.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(id, MessageKey(m.Id), m))));
        var room = 99 - final.Count;
        if (room < 0) throw new InvalidOperationException($"An episode of '{id}' changes more than 100 rows at once.");
        var early = historyRows.Count > room ? historyRows.Take(historyRows.Count - room).ToList() : [];
        final.InsertRange(0, historyRows.Skip(early.Count));
        final.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(next), new ETag(snapshot.Version)));

        foreach (var chunk in early.Chunk(100)) await _table.SubmitTransactionAsync(chunk, cancellationToken);
        try
        {
            await _table.SubmitTransactionAsync(final, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 or 409)
        {
            throw new StoreConcurrencyException(id);
        }

        if (commit.ResetHistory) await DeleteOldGenerationsAsync(id, next.Generation, cancellationToken);
        if (next.NextDueAt != InstanceRecord.Never) await AddHintAsync(id, next.NextDueAt, cancellationToken);
        await ClearSeenHintsAsync(id, next.NextDueAt.Ticks, cancellationToken);
    }

    public async Task<bool> RenewTaskLeaseAsync(string instanceId, string taskKey, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, $"w-{taskKey}", cancellationToken: cancellationToken);
        if (!row.HasValue) return false;
        var task = Deserialize<WorkTask>(row.Value!.GetString("Data"));
        try
        {
            // Guarded by the row's ETag: a commit that re-leased or removed the task in between wins.
            await _table.UpdateEntityAsync(Row(instanceId, $"w-{taskKey}", task with { LeaseUntil = leaseUntil }), row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task DeleteTaskAsync(string instanceId, string taskKey, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(instanceId, $"w-{taskKey}", ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<InstanceRecord?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await GetStateEntityAsync(instanceId, cancellationToken);
        return state is null ? null : FromEntity(state);
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        if (record is null) return [];
        var prefix = $"h{record.Generation:D6}-";
        var upper = $"h{record.Generation:D6}-~";
        var rows = new List<(string, HistoryEvent)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(upper) < 0, cancellationToken: cancellationToken))
        {
            rows.Add((row.RowKey, Deserialize<HistoryEvent>(row.GetString("Data"))));
        }
        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).Take(record.HistoryCount).Select(r => r.Item2).ToList();
    }

    public async Task<(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {StateKey}");
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")";
        }
        if (query.CreatedFrom is { } from) filter += TableClient.CreateQueryFilter($" and CreatedAt ge {from.UtcTicks}");
        if (query.CreatedTo is { } to) filter += TableClient.CreateQueryFilter($" and CreatedAt le {to.UtcTicks}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, query.PageSize, cancellationToken: cancellationToken).AsPages(query.ContinuationToken, query.PageSize))
        {
            return (page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(instanceId, cancellationToken);
        if (record is null || !record.IsTerminal) return false;
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (row.RowKey != StateKey) keys.Add(row.RowKey);
        }
        foreach (var chunk in keys.Chunk(100)) await _table.SubmitTransactionAsync(chunk.Select(k => Delete(instanceId, k)), cancellationToken);
        await _table.DeleteEntityAsync(instanceId, StateKey, ETag.All, cancellationToken);
        return true;
    }

    public async Task RepairDueIndexAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {StateKey} and NextDueAt lt {DateTime.MaxValue.Ticks}");
        await foreach (var state in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "NextDueAt"], cancellationToken: cancellationToken))
        {
            await AddHintAsync(state.PartitionKey, new DateTime(state.GetInt64("NextDueAt")!.Value, DateTimeKind.Utc), cancellationToken);
        }
    }

    private async Task AddHintAsync(string instanceId, DateTime due, CancellationToken cancellationToken) =>
        await _due.UpsertEntityAsync(new TableEntity("due", $"{due.Ticks:D19}-{instanceId}"), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Deletes hints this process has read for the instance that are earlier than <paramref name="keepFromTicks"/>.</summary>
    private async Task ClearSeenHintsAsync(string instanceId, long keepFromTicks, CancellationToken cancellationToken)
    {
        if (!_seenHints.TryGetValue(instanceId, out var seen)) return;
        foreach (var key in seen.Keys)
        {
            if (long.Parse(key.AsSpan(0, 19)) >= keepFromTicks) continue;
            try
            {
                await _due.DeleteEntityAsync("due", key, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
            seen.TryRemove(key, out _);
        }
        if (seen.IsEmpty) _seenHints.TryRemove(instanceId, out _);
    }

    private async Task DeleteOldGenerationsAsync(string instanceId, long generation, CancellationToken cancellationToken)
    {
        var upper = $"h{generation:D6}-";
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId && e.RowKey.CompareTo("h") >= 0 && e.RowKey.CompareTo(upper) < 0, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }
        foreach (var chunk in keys.Chunk(100)) await _table.SubmitTransactionAsync(chunk.Select(k => Delete(instanceId, k)), cancellationToken);
    }

    private async Task<TableEntity?> GetStateEntityAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, StateKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static string MessageKey(string id) => $"m-{id}";

    private static TableTransactionAction Delete(string pk, string rk) => new(TableTransactionActionType.Delete, new TableEntity(pk, rk), ETag.All);

    private static TableEntity Row<T>(string pk, string rk, T value) => new(pk, rk) { ["Data"] = JsonSerializer.Serialize(value, Json) };

    private static T Deserialize<T>(string? json) => JsonSerializer.Deserialize<T>(json ?? throw new InvalidDataException("Row without data"), Json)!;

    private static TableEntity ToEntity(InstanceRecord r) => new(r.InstanceId, StateKey)
    {
        ["Name"] = r.Name,
        ["Status"] = r.Status.ToString(),
        ["CreatedAt"] = r.CreatedAt.Ticks,
        ["LastUpdatedAt"] = r.LastUpdatedAt.Ticks,
        ["Input"] = r.Input,
        ["Output"] = r.Output,
        ["CustomStatus"] = r.CustomStatus,
        ["Failure"] = r.Failure is null ? null : JsonSerializer.Serialize(r.Failure, Json),
        ["Generation"] = r.Generation,
        ["HistoryCount"] = r.HistoryCount,
        ["NextDueAt"] = r.NextDueAt.Ticks,
        ["LockedBy"] = r.LockedBy,
        ["LockedUntil"] = r.LockedUntil.Ticks,
        ["ParentInstanceId"] = r.ParentInstanceId,
        ["ParentTaskId"] = r.ParentTaskId,
        ["ParentGeneration"] = r.ParentGeneration,
        [nameof(InstanceRecord.LastMessageSequence)] = r.LastMessageSequence,
    };

    private static InstanceRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("Name")!,
        Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("Status")!),
        Utc(e.GetInt64("CreatedAt")),
        Utc(e.GetInt64("LastUpdatedAt")),
        e.GetString("Input"),
        e.GetString("Output"),
        e.GetString("CustomStatus"),
        e.GetString("Failure") is { } f ? JsonSerializer.Deserialize<TaskFailureDetails>(f, Json) : null,
        e.GetInt64("Generation") ?? 0,
        e.GetInt32("HistoryCount") ?? 0,
        Utc(e.GetInt64("NextDueAt")),
        e.GetString("LockedBy"),
        Utc(e.GetInt64("LockedUntil")),
        e.GetString("ParentInstanceId"),
        e.GetInt32("ParentTaskId") ?? -1,
        e.GetInt64("ParentGeneration") ?? 0,
        e.GetInt64(nameof(InstanceRecord.LastMessageSequence)) ?? 0);

    private static DateTime Utc(long? ticks) => new(ticks ?? 0, DateTimeKind.Utc);
}
