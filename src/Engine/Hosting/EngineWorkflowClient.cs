using SslFlow.Engine.History;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Engine.Hosting;

/// <summary>The engine's <see cref="IWorkflowClient"/>: start, raise, query, control.</summary>
public sealed class EngineWorkflowClient : IWorkflowClient
{
    private readonly IDurableStore _store;
    private readonly DurableEngine _engine;
    private readonly TimeProvider _time;

    internal EngineWorkflowClient(IDurableStore store, DurableEngine engine, TimeProvider time)
    {
        _store = store;
        _engine = engine;
        _time = time;
    }

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input, string instanceId, CancellationToken cancellationToken = default)
    {
        await _engine.CreateInstanceAsync(orchestratorName, instanceId, WorkflowJson.Serialize(input), null, -1, 0, cancellationToken);
        return instanceId;
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default) =>
        RaiseEventAsync(instanceId, eventName, eventPayload, eventId: null, cancellationToken);

    /// <summary>Raises an event once per <paramref name="eventId"/> (e.g. a webhook id): a redelivery is stored once.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, string? eventId, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, $"e-{eventId ?? Guid.NewGuid().ToString("N")}",
            new HistoryEvent(HistoryEventKind.EventRaised, Now, Name: eventName, Payload: WorkflowJson.Serialize(eventPayload)), cancellationToken);

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        (await _store.GetAsync(instanceId, cancellationToken))?.ToMetadata();

    public async Task<OrchestrationPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        var (instances, token) = await _store.QueryAsync(query, cancellationToken);
        return new OrchestrationPage(instances.Select(i => i.ToMetadata()).ToList(), token);
    }

    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, $"terminate-{Guid.NewGuid():N}", new HistoryEvent(HistoryEventKind.ExecutionTerminated, Now, Payload: WorkflowJson.Serialize(reason)), cancellationToken);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, $"suspend-{Guid.NewGuid():N}", new HistoryEvent(HistoryEventKind.ExecutionSuspended, Now, Payload: WorkflowJson.Serialize(reason)), cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, $"resume-{Guid.NewGuid():N}", new HistoryEvent(HistoryEventKind.ExecutionResumed, Now, Payload: WorkflowJson.Serialize(reason)), cancellationToken);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => _store.PurgeAsync(instanceId, cancellationToken);

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var change = _engine.WaitForChangeAsync(instanceId, TimeSpan.FromSeconds(1), cancellationToken);
            var meta = await GetInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
            if (meta.IsCompleted) return meta;
            await change;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The journal of an instance, for the status API's timeline and for tests.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _store.GetHistoryAsync(instanceId, cancellationToken);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private async Task SendAsync(string instanceId, string messageId, HistoryEvent e, CancellationToken cancellationToken)
    {
        var instance = await _store.GetAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        if (!await _store.SendAsync(instanceId, new InboxMessage(messageId, instance.Generation, e, Now), cancellationToken))
        {
            throw new InstanceNotFoundException(instanceId);
        }
        _engine.Signal(instanceId);
    }
}
