using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Replay;

/// <summary>Orchestrations and activities by name, as Durable's function names.</summary>
public sealed class OrchestratorRegistry
{
    private readonly Dictionary<string, Func<IOrchestrationContext, Task<object?>>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, string?, CancellationToken, Task<string?>>> _activities = new(StringComparer.Ordinal);

    public OrchestratorRegistry AddOrchestrator(string name, Func<IOrchestrationContext, Task<object?>> run)
    {
        _orchestrators.Add(name, run);
        return this;
    }

    public OrchestratorRegistry AddOrchestrator<TInput, TOutput>(string name, Func<IOrchestration<TInput, TOutput>> factory) =>
        AddOrchestrator(name, async ctx => await factory().RunAsync(ctx, ctx.GetInput<TInput>()!));

    public OrchestratorRegistry AddActivity(string name, Func<IServiceProvider, string?, CancellationToken, Task<string?>> run)
    {
        _activities.Add(name, run);
        return this;
    }

    /// <summary>An activity resolved per call from the service provider (or made by <paramref name="factory"/>).</summary>
    public OrchestratorRegistry AddActivity<TInput, TOutput>(string name, Func<IServiceProvider, IActivity<TInput, TOutput>> factory) =>
        AddActivity(name, async (sp, json, ct) =>
        {
            var result = await factory(sp).RunAsync(WorkflowJson.Deserialize<TInput>(json)!, ct);
            return WorkflowJson.Serialize(result);
        });

    public Func<IOrchestrationContext, Task<object?>> GetOrchestrator(string name) =>
        _orchestrators.TryGetValue(name, out var o) ? o : throw new InvalidOperationException($"No orchestration named '{name}' is registered.");

    public Func<IServiceProvider, string?, CancellationToken, Task<string?>> GetActivity(string name) =>
        _activities.TryGetValue(name, out var a) ? a : throw new InvalidOperationException($"No activity named '{name}' is registered.");

    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);
}
