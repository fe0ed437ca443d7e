// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskRetryOptions.cs (the RetryPolicy constructor and Policy).
namespace Microsoft.DurableTask;

public sealed class TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy)
    {
        this.Policy = policy;
    }

    public RetryPolicy? Policy { get; }
}
