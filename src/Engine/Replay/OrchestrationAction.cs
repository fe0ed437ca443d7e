using SslFlow.Engine.History;

namespace SslFlow.Engine.Replay;

/// <summary>What one episode of an orchestration decided, for the engine to commit.</summary>
internal sealed record EpisodeResult(
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<HistoryEvent> NewSchedules,
    IReadOnlyList<int> CancelledTimers,
    IReadOnlyList<string> ConsumedMessageIds,
    string? CustomStatus,
    EpisodeOutcome Outcome,
    string? Output,
    Workflow.Abstractions.TaskFailureDetails? Failure,
    string? ContinueAsNewInput,
    IReadOnlyList<HistoryEvent> CarriedOverEvents);

internal enum EpisodeOutcome
{
    Running,
    Completed,
    Failed,
    ContinuedAsNew,
    Terminated,
    Suspended,
}
