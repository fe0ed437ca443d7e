namespace SslFlow.Workflow.Abstractions;

/// <summary>Options for an activity call; mirrors Durable's <c>TaskOptions</c>.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration; a caller-chosen instance id makes the start idempotent.</summary>
public record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null);
