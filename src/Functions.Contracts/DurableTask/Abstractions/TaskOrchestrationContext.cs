// Mirrors microsoft/durabletask-dotnet src/Abstractions/TaskOrchestrationContext.cs (members used by SslFlow.Functions).
// Abstract/virtual exactly as upstream so Moq can stand in for the worker's implementation. The two members whose
// upstream bodies only compose other members of this class (CreateTimer(TimeSpan), WaitForExternalEvent with a timeout)
// keep those bodies, so a test sees the same CreateTimer/WaitForExternalEvent calls the real package makes.
namespace Microsoft.DurableTask;

public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    public abstract DateTime CurrentUtcDateTime { get; }

    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null)
        => throw CompileOnly.Fail();

    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
    {
        DateTime fireAt = this.CurrentUtcDateTime.Add(delay);
        return this.CreateTimer(fireAt, cancellationToken);
    }

    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using CancellationTokenSource timerCts = new();
        Task timeoutTask = this.CreateTimer(timeout, timerCts.Token);

        using CancellationTokenSource eventCts = new();
        Task<T> externalEventTask = this.WaitForExternalEvent<T>(eventName, eventCts.Token);

        Task winner = await Task.WhenAny(timeoutTask, externalEventTask);
        if (winner == externalEventTask)
        {
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
        }

        return await externalEventTask;
    }

    public abstract void SetCustomStatus(object? customStatus);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    public abstract Guid NewGuid();
}
