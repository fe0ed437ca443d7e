using Microsoft.DurableTask;
using SslFlow.Workflow.Telemetry;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// The base of every SslFlow orchestrator: an orchestration that ends by throwing (a deliberate rethrow such as
/// ACTIVATION ERROR, or an unhandled failure) is counted once on <see cref="WorkflowMetrics.OrchestrationsFailed"/>.
/// Holds no state: the SDK may reuse or recreate the instance on every replay.
/// </summary>
public abstract class SslFlowOrchestrator<TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        try
        {
            return await RunOrchestrationAsync(context, input);
        }
        catch (Exception ex)
        {
            if (CountsAsFailure(ex)) WorkflowMetrics.RecordFailed(context, GetType().Name);
            throw;
        }
    }

    /// <summary>False for an exception that is this orchestration's deliberate way of reporting an outcome to its parent, not a fault.</summary>
    protected virtual bool CountsAsFailure(Exception exception) => true;

    /// <summary>The orchestration itself; it is registered and called by the name of its class.</summary>
    protected abstract Task<TOutput> RunOrchestrationAsync(TaskOrchestrationContext context, TInput input);
}
