namespace SslFlow.Workflow.Abstractions;

/// <summary>
/// The workflow port. Mirrors Durable Task's <c>TaskOrchestrationContext</c> so the same orchestration code runs
/// on Azure Durable Functions (through an adapter) and on the embedded engine. Orchestrations must be
/// deterministic: time from <see cref="CurrentUtcDateTime"/>, ids from <see cref="NewGuid"/>, no I/O.
/// </summary>
public interface IOrchestrationContext
{
    string Name { get; }

    string InstanceId { get; }

    /// <summary>The replay-safe current time: the time the current episode started, from the journal.</summary>
    DateTime CurrentUtcDateTime { get; }

    bool IsReplaying { get; }

    T? GetInput<T>();

    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null);

    Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, SubOrchestrationOptions? options = null);

    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an event raised to this instance; events raised before the wait are buffered.</summary>
    Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>As Durable: throws <see cref="TaskCanceledException"/> when the timeout wins.</summary>
    Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    void SetCustomStatus(object? customStatus);

    void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    Guid NewGuid();
}
