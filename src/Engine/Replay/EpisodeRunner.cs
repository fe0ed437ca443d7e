using SslFlow.Engine.History;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Replay;

/// <summary>
/// Runs one episode: replays the journal through the orchestration code, then applies the new messages, and
/// returns what to commit. Pure: no I/O, the time comes in as a parameter.
/// </summary>
internal static class EpisodeRunner
{
    public static EpisodeResult Run(
        Func<IOrchestrationContext, Task<object?>> orchestrator,
        InstanceRecord instance,
        IReadOnlyList<HistoryEvent> journal,
        IReadOnlyList<InboxMessage> inbox,
        DateTime now)
    {
        var started = journal.FirstOrDefault(e => e.Kind == HistoryEventKind.ExecutionStarted)
                      ?? inbox.Select(m => m.Event).FirstOrDefault(e => e.Kind == HistoryEventKind.ExecutionStarted)
                      ?? throw new InvalidOperationException($"Instance '{instance.InstanceId}' has no ExecutionStarted event.");
        var context = new ReplayContext(instance.Name, instance.InstanceId, started.Payload, journal);
        var newHistory = new List<HistoryEvent>();
        var consumed = new List<string>();
        var terminated = (HistoryEvent?)null;
        var suspended = instance.Status == OrchestrationRuntimeStatus.Suspended;

        var previous = SynchronizationContext.Current;
        var sync = new ReplaySynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(sync);
        try
        {
            Task<object?>? code = null;
            context.IsReplaying = true;
            foreach (var e in journal)
            {
                Apply(e);
                if (e.Kind == HistoryEventKind.ExecutionSuspended) suspended = true;
                if (e.Kind == HistoryEventKind.ExecutionResumed) suspended = false;
            }

            context.IsReplaying = false;
            Append(new HistoryEvent(HistoryEventKind.OrchestratorStarted, now));
            var next = 0;
            for (; next < inbox.Count; next++) // in arrival order, as the planner gives them
            {
                var message = inbox[next];
                var e = message.Event;
                if (e.Kind == HistoryEventKind.ExecutionTerminated)
                {
                    consumed.Add(message.Id);
                    terminated = e;
                    break;
                }
                if (e.Kind == HistoryEventKind.ExecutionResumed) suspended = false;
                // While suspended, only resume and terminate are taken; the rest wait in the inbox.
                if (suspended && e.Kind != HistoryEventKind.ExecutionSuspended) continue;
                if (e.Kind == HistoryEventKind.ExecutionSuspended) suspended = true;
                consumed.Add(message.Id);
                Append(e);
                if (context.NonDeterminism is not null || code?.IsCompleted == true || context.ContinueAsNewRequested) break;
            }

            // Events still in the inbox when the code continues as new follow the buffered ones into the next
            // generation (or are dropped), so the next generation sees every event in arrival order.
            var lateEvents = new List<HistoryEvent>();
            if (terminated is null && context.ContinueAsNewRequested && code?.IsCompleted == true)
            {
                foreach (var message in inbox.Skip(next + 1).Where(m => m.Event.Kind == HistoryEventKind.EventRaised))
                {
                    consumed.Add(message.Id);
                    lateEvents.Add(message.Event);
                }
            }

            var newSchedules = context.NewSchedules;
            var history = newHistory.Concat(newSchedules).ToList();
            if (terminated is not null)
            {
                history.Add(terminated);
                return Result(EpisodeOutcome.Terminated, null, null);
            }
            if (context.NonDeterminism is { } nd)
            {
                return Result(EpisodeOutcome.Failed, null, TaskFailureDetails.FromException(nd));
            }
            // Code that waits while no step of the context is outstanding waits on something replay can never
            // complete (real I/O, Task.Delay, Task.Run): fail now rather than hang forever or diverge on replay.
            if (sync.PostedFromOtherThread || code is { IsCompleted: false } && !context.HasOutstandingWork)
            {
                var ex = new NonDeterministicOrchestrationException(instance.Name, context.StepsScheduled,
                    "the code awaited work outside the orchestration context (real I/O, Task.Delay or Task.Run); use activities and CreateTimer");
                return Result(EpisodeOutcome.Failed, null, TaskFailureDetails.FromException(ex));
            }
            if (code is { IsCompleted: true })
            {
                if (code.IsFaulted)
                {
                    var error = code.Exception!.InnerExceptions.Count == 1 ? code.Exception.InnerException! : code.Exception;
                    return Result(EpisodeOutcome.Failed, null, TaskFailureDetails.FromException(error));
                }
                if (code.IsCanceled)
                {
                    return Result(EpisodeOutcome.Failed, null, new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestration was cancelled (an unhandled timeout)."));
                }
                if (context.ContinueAsNewRequested)
                {
                    return Result(EpisodeOutcome.ContinuedAsNew, null, null);
                }
                return Result(EpisodeOutcome.Completed, WorkflowJson.Serialize(code.Result), null);
            }
            return Result(suspended ? EpisodeOutcome.Suspended : EpisodeOutcome.Running, null, null);

            EpisodeResult Result(EpisodeOutcome outcome, string? output, TaskFailureDetails? failure)
            {
                var carried = outcome == EpisodeOutcome.ContinuedAsNew && context.PreserveUnprocessedEvents
                    ? context.UnconsumedEvents().Select(u => new HistoryEvent(HistoryEventKind.EventRaised, now, Name: u.Name, Payload: u.Payload))
                        .Concat(lateEvents.Select(e => e with { Timestamp = now })).ToList()
                    : [];
                return new EpisodeResult(history, newSchedules, context.CancelledTimers, consumed, context.CustomStatus,
                    outcome, output, failure, context.ContinueAsNewInput, carried);
            }

            void Append(HistoryEvent e)
            {
                newHistory.Add(e);
                Apply(e);
            }

            void Apply(HistoryEvent e)
            {
                switch (e.Kind)
                {
                    case HistoryEventKind.ExecutionStarted:
                        code = Start();
                        break;
                    case HistoryEventKind.OrchestratorStarted:
                        context.CurrentUtcDateTime = e.Timestamp;
                        break;
                    case HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed or HistoryEventKind.TimerFired
                        or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed:
                        context.Complete(e);
                        break;
                    case HistoryEventKind.EventRaised:
                        context.RaiseEvent(e.Name!, e.Payload);
                        break;
                }
                sync.Drain();
            }

            Task<object?> Start()
            {
                try
                {
                    return orchestrator(context);
                }
                catch (Exception ex)
                {
                    return Task.FromException<object?>(ex);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
