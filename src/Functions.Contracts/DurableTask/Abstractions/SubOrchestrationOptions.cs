// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskOptions.cs: record SubOrchestrationOptions (same file upstream).
namespace Microsoft.DurableTask;

public record SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry)
    {
        this.InstanceId = instanceId;
    }

    public string? InstanceId { get; init; }
}
