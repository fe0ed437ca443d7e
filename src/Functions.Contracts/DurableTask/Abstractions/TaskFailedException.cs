// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskFailedException.cs: thrown into an orchestration when an
// activity or sub-orchestration fails. The (name, id, details) constructor is real so tests can throw it from mocks.
namespace Microsoft.DurableTask;

public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        this.TaskName = taskName;
        this.TaskId = taskId;
        this.FailureDetails = failureDetails;
    }

    public string TaskName { get; }

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}
