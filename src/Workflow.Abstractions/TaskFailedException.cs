namespace SslFlow.Workflow.Abstractions;

/// <summary>Thrown into an orchestration when an activity fails after its retries; mirrors Durable's exception.</summary>
public sealed class TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
    : Exception($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
{
    public string TaskName { get; } = taskName;
    public int TaskId { get; } = taskId;
    public TaskFailureDetails FailureDetails { get; } = failureDetails;
}
