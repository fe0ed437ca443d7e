// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskOptions.cs: record TaskOptions (constructor with retry, Retry).
namespace Microsoft.DurableTask;

public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry)
    {
        this.Retry = retry;
    }

    public TaskRetryOptions? Retry { get; init; }
}
