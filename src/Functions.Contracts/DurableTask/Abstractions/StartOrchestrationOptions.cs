// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskOptions.cs: record StartOrchestrationOptions (same file upstream;
// the constructor's PascalCase parameter names are upstream's).
namespace Microsoft.DurableTask;

public record StartOrchestrationOptions
{
#pragma warning disable IDE1006 // upstream names
    public StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
#pragma warning restore IDE1006
    {
        this.InstanceId = InstanceId;
        this.StartAt = StartAt;
    }

    public string? InstanceId { get; init; }

    public DateTimeOffset? StartAt { get; init; }
}
