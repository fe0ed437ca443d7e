// Mirrors microsoft/durabletask-dotnet src/Client/Core/OrchestrationMetadata.cs: constructor and the init-only state
// properties (data, so real here); ReadInputAs/ReadOutputAs and DataConverter are not used.
namespace Microsoft.DurableTask.Client;

public sealed class OrchestrationMetadata
{
    public OrchestrationMetadata(string name, string instanceId)
    {
        this.Name = name;
        this.InstanceId = instanceId;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => this.RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted =>
        this.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
