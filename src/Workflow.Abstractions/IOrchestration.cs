namespace SslFlow.Workflow.Abstractions;

/// <summary>An orchestration written against the port; mirrors Durable's class-based <c>TaskOrchestrator&lt;TIn,TOut&gt;</c>.</summary>
public interface IOrchestration<TInput, TOutput>
{
    Task<TOutput> RunAsync(IOrchestrationContext context, TInput input);
}
