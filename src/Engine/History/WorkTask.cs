namespace SslFlow.Engine.History;

public enum WorkTaskKind
{
    Activity,
    StartSubOrchestration,
    NotifyParent,
}

/// <summary>
/// Outbound work an instance committed: run an activity, start a child, tell a parent. Kept in the instance's
/// partition with a lease, so a task dispatched by a process that died is dispatched again when the lease ends.
/// </summary>
public sealed record WorkTask(
    string Key,
    WorkTaskKind Kind,
    long Generation,
    int TaskId,
    string Name,
    string? Input,
    DateTime LeaseUntil,
    int Dispatches,
    string? TargetInstanceId = null,
    HistoryEvent? Message = null);
