using System.Collections.Concurrent;
using SslFlow.Engine.History;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Hosting;

/// <summary>
/// Turns a locked snapshot into one atomic commit plus the tasks to dispatch after it. Pure apart from the
/// orchestration code it replays, so the same snapshot always gives the same commit.
/// </summary>
internal static class EpisodePlanner
{
    public sealed record EpisodePlan(InstanceCommit Commit, IReadOnlyList<WorkTask> Dispatch);

    public static EpisodePlan Plan(InstanceSnapshot snap, OrchestratorRegistry registry, DateTime now, EngineOptions options, ConcurrentDictionary<string, WorkTask> running)
    {
        var instance = snap.Instance;
        var gen = instance.Generation;
        var consumed = new List<string>();
        var removeTimers = new List<string>();
        var removeTasks = new List<string>();
        var upsertTasks = new List<WorkTask>();
        var addTimers = new List<TimerRecord>();
        var addMessages = new List<InboxMessage>();
        var dispatch = new List<WorkTask>();

        // Results addressed to an earlier generation (before ContinueAsNew) are dropped.
        var messages = new List<InboxMessage>();
        foreach (var m in snap.Inbox)
        {
            var forThisGeneration = m.Event.Kind is HistoryEventKind.EventRaised or HistoryEventKind.ExecutionTerminated
                or HistoryEventKind.ExecutionSuspended or HistoryEventKind.ExecutionResumed || m.Generation == gen;
            if (forThisGeneration && !instance.IsTerminal) messages.Add(m);
            else consumed.Add(m.Id);
        }

        // Timers whose time has come become TimerFired messages, ordered by their fire time.
        var fired = new List<InboxMessage>();
        foreach (var t in snap.Timers.OrderBy(t => t.FireAt).ThenBy(t => t.TaskId))
        {
            if (t.Generation != gen || instance.IsTerminal) removeTimers.Add(t.Key);
            else if (t.FireAt <= now && instance.Status != OrchestrationRuntimeStatus.Suspended)
            {
                removeTimers.Add(t.Key);
                fired.Add(new InboxMessage($"timer-{t.Key}", gen, new HistoryEvent(HistoryEventKind.TimerFired, t.FireAt, t.TaskId, FireAt: t.FireAt), t.FireAt));
            }
        }
        messages = MergeByArrival(messages, fired);

        var history = snap.History;
        var next = instance with { LockedBy = null, LockedUntil = DateTime.MinValue, LastUpdatedAt = now };
        var resetHistory = false;
        var appendHistory = new List<HistoryEvent>();

        if (messages.Count > 0 && !instance.IsTerminal)
        {
            var result = EpisodeRunner.Run(registry.GetOrchestrator(instance.Name), instance, history, messages, now);
            consumed.AddRange(result.ConsumedMessageIds.Where(id => !id.StartsWith("timer-", StringComparison.Ordinal)));
            appendHistory.AddRange(result.NewHistory);
            foreach (var e in result.NewHistory)
            {
                if (e.Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed) removeTasks.Add(TaskKey(gen, e.TaskId));
            }
            // A timer that was not consumed (suspended) stays; put it back.
            foreach (var m in messages.Where(m => m.Id.StartsWith("timer-", StringComparison.Ordinal) && !result.ConsumedMessageIds.Contains(m.Id)))
            {
                removeTimers.Remove(m.Id["timer-".Length..]);
            }
            foreach (var taskId in result.CancelledTimers) removeTimers.Add(new TimerRecord(gen, taskId, now).Key);

            foreach (var s in result.NewSchedules)
            {
                switch (s.Kind)
                {
                    case HistoryEventKind.TaskScheduled:
                        var activity = new WorkTask(TaskKey(gen, s.TaskId), WorkTaskKind.Activity, gen, s.TaskId, s.Name!, s.Payload, now + options.ActivityLease, 1);
                        upsertTasks.Add(activity);
                        dispatch.Add(activity);
                        break;
                    case HistoryEventKind.TimerCreated:
                        addTimers.Add(new TimerRecord(gen, s.TaskId, s.FireAt!.Value));
                        break;
                    case HistoryEventKind.SubOrchestrationCreated:
                        var child = new WorkTask($"s{gen:D6}-{s.TaskId:D8}", WorkTaskKind.StartSubOrchestration, gen, s.TaskId, s.Name!, s.Payload, now + options.ActivityLease, 1, s.InstanceId);
                        upsertTasks.Add(child);
                        dispatch.Add(child);
                        break;
                }
            }
            // Cancelled timers created in this same episode never need a row.
            addTimers.RemoveAll(t => result.CancelledTimers.Contains(t.TaskId));

            next = next with { CustomStatus = result.CustomStatus ?? instance.CustomStatus };
            switch (result.Outcome)
            {
                case EpisodeOutcome.Running:
                    next = next with { Status = OrchestrationRuntimeStatus.Running };
                    break;
                case EpisodeOutcome.Suspended:
                    next = next with { Status = OrchestrationRuntimeStatus.Suspended };
                    break;
                case EpisodeOutcome.Completed:
                    next = Finish(next, OrchestrationRuntimeStatus.Completed, result.Output, null);
                    appendHistory.Add(new HistoryEvent(HistoryEventKind.ExecutionCompleted, now, Payload: result.Output));
                    break;
                case EpisodeOutcome.Failed:
                    next = Finish(next, OrchestrationRuntimeStatus.Failed, null, result.Failure);
                    appendHistory.Add(new HistoryEvent(HistoryEventKind.ExecutionFailed, now, Failure: result.Failure));
                    break;
                case EpisodeOutcome.Terminated:
                    var reason = result.NewHistory.LastOrDefault(e => e.Kind == HistoryEventKind.ExecutionTerminated)?.Payload;
                    next = Finish(next, OrchestrationRuntimeStatus.Terminated, reason, null);
                    break;
                case EpisodeOutcome.ContinuedAsNew:
                    // A fresh journal for the next generation; unprocessed events come along when asked.
                    resetHistory = true;
                    appendHistory.Clear();
                    var newGen = gen + 1;
                    next = next with { Status = OrchestrationRuntimeStatus.Running, Generation = newGen, Input = result.ContinueAsNewInput, HistoryCount = 0 };
                    addMessages.Add(new InboxMessage($"start-{newGen}", newGen, new HistoryEvent(HistoryEventKind.ExecutionStarted, now, Name: instance.Name, Payload: result.ContinueAsNewInput), now));
                    var i = 0;
                    foreach (var e in result.CarriedOverEvents)
                    {
                        addMessages.Add(new InboxMessage($"carry-{newGen}-{i++}", newGen, e, now.AddTicks(i)));
                    }
                    foreach (var t in snap.Timers) removeTimers.Add(t.Key);
                    break;
            }
            if (next.IsTerminal)
            {
                foreach (var t in snap.Timers) removeTimers.Add(t.Key);
                addTimers.Clear();
                if (next.ParentInstanceId is { } parent)
                {
                    var kind = next.Status == OrchestrationRuntimeStatus.Completed ? HistoryEventKind.SubOrchestrationCompleted : HistoryEventKind.SubOrchestrationFailed;
                    var failure = next.Failure ?? (next.Status == OrchestrationRuntimeStatus.Terminated ? new TaskFailureDetails("Terminated", next.Output ?? "terminated") : null);
                    var message = new HistoryEvent(kind, now, next.ParentTaskId, instance.Name, next.Output, Failure: failure);
                    var notify = new WorkTask("p-parent", WorkTaskKind.NotifyParent, next.ParentGeneration, next.ParentTaskId, instance.Name, null, now + options.ActivityLease, 1, parent, message);
                    upsertTasks.Add(notify);
                    dispatch.Add(notify);
                }
            }
        }

        // Outbound tasks whose lease ran out (the host that took them died) are dispatched again.
        var resultIds = snap.Inbox.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var t in snap.Tasks)
        {
            if (removeTasks.Contains(t.Key) || t.LeaseUntil > now) continue;
            if (t.Kind == WorkTaskKind.Activity && (t.Generation != next.Generation || resultIds.Contains($"r-{t.Generation}-{t.TaskId}"))) continue;
            var again = t with { LeaseUntil = now + options.ActivityLease, Dispatches = t.Dispatches + 1 };
            upsertTasks.Add(again);
            if (!running.ContainsKey($"{instance.InstanceId}|{t.Key}")) dispatch.Add(again);
        }

        removeTimers = removeTimers.Distinct().ToList();
        next = next with
        {
            HistoryCount = (resetHistory ? 0 : history.Count) + appendHistory.Count,
            NextDueAt = NextDue(next, snap, consumed, removeTimers, addTimers, removeTasks, upsertTasks, addMessages, now),
        };
        var commit = new InstanceCommit(next, appendHistory, resetHistory, consumed.Distinct().ToList(), addTimers, removeTimers, upsertTasks, removeTasks, addMessages);
        return new EpisodePlan(commit, dispatch);
    }

    /// <summary>
    /// Stored messages keep the store's sequence order (never reordered by clock); a fired timer goes before the
    /// first stored message that arrived after its fire time.
    /// </summary>
    private static List<InboxMessage> MergeByArrival(List<InboxMessage> stored, List<InboxMessage> timers)
    {
        var merged = new List<InboxMessage>(stored.Count + timers.Count);
        var t = 0;
        foreach (var m in stored)
        {
            while (t < timers.Count && timers[t].EnqueuedAt < m.EnqueuedAt) merged.Add(timers[t++]);
            merged.Add(m);
        }
        merged.AddRange(timers.Skip(t));
        return merged;
    }

    public static string TaskKey(long generation, int taskId) => $"a{generation:D6}-{taskId:D8}";

    private static InstanceRecord Finish(InstanceRecord r, OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure) =>
        r with { Status = status, Output = output, Failure = failure };

    private static DateTime NextDue(InstanceRecord next, InstanceSnapshot snap, List<string> consumed, List<string> removeTimers,
        List<TimerRecord> addTimers, List<string> removeTasks, List<WorkTask> upsertTasks, List<InboxMessage> addMessages, DateTime now)
    {
        var due = InstanceRecord.Never;
        var consumedSet = consumed.ToHashSet(StringComparer.Ordinal);
        var suspended = next.Status == OrchestrationRuntimeStatus.Suspended;
        if (snap.MoreInbox) due = now; // the store loaded only part of a long inbox
        foreach (var m in snap.Inbox.Concat(addMessages))
        {
            if (consumedSet.Contains(m.Id)) continue;
            if (suspended && m.Event.Kind is not (HistoryEventKind.ExecutionResumed or HistoryEventKind.ExecutionTerminated)) continue;
            due = now;
        }
        if (!next.IsTerminal && !suspended)
        {
            foreach (var t in snap.Timers.Where(t => !removeTimers.Contains(t.Key)).Concat(addTimers)) due = Min(due, t.FireAt);
        }
        var tasks = snap.Tasks.Where(t => !removeTasks.Contains(t.Key)).ToDictionary(t => t.Key);
        foreach (var t in upsertTasks) tasks[t.Key] = t;
        foreach (var t in tasks.Values)
        {
            if (t.Kind == WorkTaskKind.Activity && t.Generation != next.Generation) continue;
            due = Min(due, t.LeaseUntil);
        }
        return due;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
