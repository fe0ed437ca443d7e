namespace SslFlow.Workflow.Abstractions;

/// <summary>Thrown into a parent orchestration when a sub-orchestration fails.</summary>
public sealed class SubOrchestrationFailedException(string name, int taskId, TaskFailureDetails failureDetails)
    : Exception($"Sub-orchestration '{name}' (#{taskId}) failed: {failureDetails.ErrorMessage}")
{
    public string Name { get; } = name;
    public int TaskId { get; } = taskId;
    public TaskFailureDetails FailureDetails { get; } = failureDetails;
}
