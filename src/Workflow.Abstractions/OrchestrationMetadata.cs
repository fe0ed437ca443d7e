namespace SslFlow.Workflow.Abstractions;

/// <summary>Mirrors Durable's <c>OrchestrationRuntimeStatus</c>.</summary>
public enum OrchestrationRuntimeStatus
{
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended,
}

/// <summary>Mirrors Durable's <c>OrchestrationMetadata</c>; inputs, outputs and custom status are JSON.</summary>
public sealed record OrchestrationMetadata(
    string Name,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    TaskFailureDetails? FailureDetails)
{
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public T? ReadOutputAs<T>() => SerializedOutput is null ? default : WorkflowJson.Deserialize<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => SerializedCustomStatus is null ? default : WorkflowJson.Deserialize<T>(SerializedCustomStatus);
}

/// <summary>Filter and page for instance queries (by status, by creation time).</summary>
public sealed record OrchestrationQuery(
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int PageSize = 100,
    string? ContinuationToken = null);

public sealed record OrchestrationPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
