using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.History;

public enum HistoryEventKind
{
    ExecutionStarted,
    OrchestratorStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    EventRaised,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionTerminated,
    ContinuedAsNew,
    ExecutionSuspended,
    ExecutionResumed,
}

/// <summary>
/// One journal entry. A flat record (rather than a type hierarchy) so that it stores as one JSON column and
/// replays without polymorphic serialization. <see cref="TaskId"/> is the step number the replay check uses.
/// </summary>
public sealed record HistoryEvent(
    HistoryEventKind Kind,
    DateTime Timestamp,
    int TaskId = -1,
    string? Name = null,
    string? Payload = null,
    DateTime? FireAt = null,
    TaskFailureDetails? Failure = null,
    string? InstanceId = null)
{
    public bool IsScheduling => Kind is HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated;
}
