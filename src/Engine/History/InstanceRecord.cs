using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.History;

/// <summary>
/// The instance row. <see cref="NextDueAt"/> is the earliest moment the instance needs a worker (a message,
/// a timer, an expired task lease); the due index is derived from it. <see cref="Generation"/> counts ContinueAsNew.
/// <see cref="LastMessageSequence"/> is the sequence number of the last message stored for the instance.
/// </summary>
public sealed record InstanceRecord(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus Status,
    DateTime CreatedAt,
    DateTime LastUpdatedAt,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    long Generation,
    int HistoryCount,
    DateTime NextDueAt,
    string? LockedBy,
    DateTime LockedUntil,
    string? ParentInstanceId = null,
    int ParentTaskId = -1,
    long ParentGeneration = 0,
    long LastMessageSequence = 0)
{
    public static readonly DateTime Never = DateTime.MaxValue;

    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public OrchestrationMetadata ToMetadata() => new(
        Name, InstanceId, Status,
        new DateTimeOffset(CreatedAt, TimeSpan.Zero), new DateTimeOffset(LastUpdatedAt, TimeSpan.Zero),
        Input, Output, CustomStatus, Failure);
}
