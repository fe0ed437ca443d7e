using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.DurableAdapters;

/// <summary>
/// Runs port orchestrations on Azure Durable Functions: every member forwards to the <see cref="Durable.TaskOrchestrationContext"/>
/// member of the same name. Options and failures are translated both ways so orchestration code (retry predicates,
/// <c>catch (TaskFailedException)</c>) behaves the same on Durable and on the embedded engine.
/// </summary>
/// <remarks>
/// Runs on the orchestrator thread: no ConfigureAwait(false) here, or Durable's replay would see continuations off
/// its synchronization context and throw.
/// </remarks>
public sealed class DurableOrchestrationContextAdapter(Durable.TaskOrchestrationContext inner) : Port.IOrchestrationContext
{
    public Durable.TaskOrchestrationContext Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public string Name => this.Inner.Name.Name;

    public string InstanceId => this.Inner.InstanceId;

    public DateTime CurrentUtcDateTime => this.Inner.CurrentUtcDateTime;

    public bool IsReplaying => this.Inner.IsReplaying;

    public T? GetInput<T>() => this.Inner.GetInput<T>();

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, Port.TaskOptions? options = null)
    {
        try
        {
            return await this.Inner.CallActivityAsync<TResult>(name, input, DurableOptionsMapper.ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            throw ToPortActivityFailure(ex);
        }
    }

    public async Task CallActivityAsync(string name, object? input = null, Port.TaskOptions? options = null)
    {
        try
        {
            await this.Inner.CallActivityAsync(name, input, DurableOptionsMapper.ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            throw ToPortActivityFailure(ex);
        }
    }

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, Port.SubOrchestrationOptions? options = null)
    {
        try
        {
            return await this.Inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, DurableOptionsMapper.ToDurable(options));
        }
        catch (Durable.TaskFailedException ex)
        {
            // Durable reports a failed sub-orchestration as TaskFailedException; the port has its own type for it.
            throw new Port.SubOrchestrationFailedException(ex.TaskName, ex.TaskId, FailureDetailsMapper.ToPort(ex.FailureDetails));
        }
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => this.Inner.CreateTimer(fireAt, cancellationToken);

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        this.Inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    /// <summary>Durable races a durable timer against the event and throws <see cref="TaskCanceledException"/> when the timer wins, as the port promises.</summary>
    public Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) => this.Inner.WaitForExternalEvent<T>(eventName, timeout);

    public void SetCustomStatus(object? customStatus) => this.Inner.SetCustomStatus(customStatus);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        this.Inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public Guid NewGuid() => this.Inner.NewGuid();

    private static Port.TaskFailedException ToPortActivityFailure(Durable.TaskFailedException ex) =>
        new(ex.TaskName, ex.TaskId, FailureDetailsMapper.ToPort(ex.FailureDetails));
}
