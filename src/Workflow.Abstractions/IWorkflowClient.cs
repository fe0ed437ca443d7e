namespace SslFlow.Workflow.Abstractions;

/// <summary>
/// What the HTTP layer, webhooks and the renewal timer use to drive orchestrations; mirrors Durable's
/// <c>DurableTaskClient</c> (ScheduleNewOrchestrationInstanceAsync, RaiseEventAsync, GetInstanceAsync, …).
/// </summary>
public interface IWorkflowClient
{
    /// <summary>Starts an instance. Starting an id that exists throws <see cref="InstanceAlreadyExistsException"/>.</summary>
    Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Raises an event. Events for an instance that does not exist throw <see cref="InstanceNotFoundException"/> (Durable would drop them).</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default);

    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<OrchestrationPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes history of a finished instance; false when it is missing or still running.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance reaches a terminal state (completed, failed, terminated).</summary>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default);
}
