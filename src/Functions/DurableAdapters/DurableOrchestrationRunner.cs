using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.DurableAdapters;

/// <summary>
/// The one line an orchestrator function wrapper needs: adapt Durable's context to the port, read the input, run the
/// port orchestration. Wrappers live in src/Functions/Orchestrators once src/Workflow's orchestrations are final.
/// </summary>
public static class DurableOrchestrationRunner
{
    public static Task<TOutput> RunAsync<TInput, TOutput>(Durable.TaskOrchestrationContext context, Port.IOrchestration<TInput, TOutput> orchestration)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(orchestration);
        var input = context.GetInput<TInput>()
            ?? throw new InvalidOperationException($"Orchestration '{context.Name.Name}' ({context.InstanceId}) was started without an input.");
        return orchestration.RunAsync(new DurableOrchestrationContextAdapter(context), input);
    }
}
