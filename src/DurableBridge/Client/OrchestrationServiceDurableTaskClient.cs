using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Core = DurableTask.Core;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace SslFlow.DurableBridge.Client;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over the framework's client interfaces (<see cref="IOrchestrationServiceClient"/>,
/// plus <see cref="IOrchestrationServiceQueryClient"/> and <see cref="IOrchestrationServicePurgeClient"/> when the service
/// has them, as Azure Storage does). Payloads go through the SDK options' DataConverter, as the worker's shims do.
/// </summary>
public sealed class OrchestrationServiceDurableTaskClient : DurableTaskClient
{
    // A new instance id may not reuse an instance that is still alive: starting it again is a conflict, never a restart.
    private static readonly Core.OrchestrationStatus[] AliveStatuses =
        [Core.OrchestrationStatus.Pending, Core.OrchestrationStatus.Running, Core.OrchestrationStatus.Suspended];

    private static readonly Core.OrchestrationStatus[] TerminalStatuses =
        [Core.OrchestrationStatus.Completed, Core.OrchestrationStatus.Failed, Core.OrchestrationStatus.Terminated];

    private readonly IOrchestrationServiceClient _client;
    private readonly DataConverter _dataConverter;
    private readonly string? _defaultVersion;
    private readonly TimeSpan _pollingInterval;

    public OrchestrationServiceDurableTaskClient(string name, IOrchestrationServiceClient client,
        IOptionsMonitor<DurableTaskClientOptions> sdkOptions, IOptionsMonitor<OrchestrationServiceClientOptions> options)
        : base(name)
    {
        _client = client;
        var sdk = sdkOptions.Get(name);
        _dataConverter = sdk.DataConverter;
        _defaultVersion = sdk.DefaultVersion;
        _pollingInterval = options.Get(name).StatusPollingInterval;
    }

    /// <summary>
    /// Starts an instance (id and <see cref="StartOrchestrationOptions.StartAt"/> from <paramref name="options"/>).
    /// An id whose instance is pending, running or suspended (plus any status in
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/>) throws <see cref="OrchestrationAlreadyExistsException"/>
    /// (DurableTask.Core.Exceptions, an <see cref="InvalidOperationException"/>); an id of a completed, failed or
    /// terminated instance starts a new execution under that id. The check is a read then a write in the store: two
    /// simultaneous starts of one new id can both pass it; the framework then runs one and drops the other's start.
    /// </summary>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var instance = new OrchestrationInstance
        {
            InstanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId,
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [];
        tags[OrchestrationTags.CreateTraceForNewOrchestration] = "true";
        tags[OrchestrationTags.RequestTime] = DateTimeOffset.UtcNow.ToString(CultureInfo.InvariantCulture);
        var started = new ExecutionStartedEvent(-1, _dataConverter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? _defaultVersion ?? "",
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = tags,
        };
        var dedupe = AliveStatuses.Union((options?.DedupeStatuses ?? []).Select(ParseStatus)).ToArray();
        await _client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, dedupe);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, _dataConverter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <summary>Terminates one instance; its output becomes <see cref="TerminateInstanceOptions.Output"/>. Not recursive.</summary>
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true) throw new NotSupportedException("Recursive termination is not supported: terminate sub-orchestrations by their ids.");
        cancellation.ThrowIfCancellationRequested();
        return _client.ForceTerminateTaskOrchestrationAsync(instanceId, _dataConverter.Serialize(options?.Output));
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var states = await _client.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        // Azure Storage answers a purged or unknown id with a list holding one null.
        return states?.FirstOrDefault(s => s is not null) is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    /// <summary>Pages through instances (statuses, creation window, id prefix, page size, continuation token).</summary>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var queries = _client as IOrchestrationServiceQueryClient
            ?? throw new NotSupportedException($"{_client.GetType().Name} cannot query instances (no {nameof(IOrchestrationServiceQueryClient)}).");
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var fetch = filter?.FetchInputsAndOutputs ?? false;
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => s.ToCore()).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = fetch,
            };
            var result = await queries.GetOrchestrationWithQueryAsync(query, cancellation);
            return new Page<OrchestrationMetadata>(result.OrchestrationState.Select(s => ToMetadata(s, fetch)).ToList(), result.ContinuationToken);
        });
    }

    /// <summary>Purges a completed, failed or terminated instance; a live one throws <see cref="InvalidOperationException"/>.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true) throw new NotSupportedException("Recursive purge is not supported: purge sub-orchestrations by their ids.");
        var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (metadata is null) return new PurgeResult(0);
        if (!metadata.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {metadata.RuntimeStatus}: only completed, failed or terminated instances can be purged.");
        }
        var result = await PurgeClient.PurgeInstanceStateAsync(instanceId);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <summary>Purges instances created in the filter's window; no statuses means completed, failed and terminated only.</summary>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (options?.Recursive == true) throw new NotSupportedException("Recursive purge is not supported.");
        cancellation.ThrowIfCancellationRequested();
        var statuses = filter.Statuses?.Select(s => s.ToCore()).ToArray() is { Length: > 0 } given ? given : TerminalStatuses;
        // The store's time filter needs a lower bound; nothing in a task hub predates the Unix epoch.
        var result = await PurgeClient.PurgeInstanceStateAsync(
            new PurgeInstanceFilter(filter.CreatedFrom?.UtcDateTime ?? DateTime.UnixEpoch, filter.CreatedTo?.UtcDateTime, statuses));
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <summary>Waits (polling the store) until the instance has left Pending; throws if it does not exist.</summary>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <summary>Waits (polling the store) until the instance is completed, failed or terminated; throws if it does not exist.</summary>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    // The orchestration service is a DI singleton shared with the worker: the container disposes it, not the client.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IOrchestrationServicePurgeClient PurgeClient => _client as IOrchestrationServicePurgeClient
        ?? throw new NotSupportedException($"{_client.GetType().Name} cannot purge instances (no {nameof(IOrchestrationServicePurgeClient)}).");

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done,
        CancellationToken cancellation)
    {
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"Orchestration instance '{instanceId}' does not exist.");
            if (done(metadata)) return metadata;
            await Task.Delay(_pollingInterval, cancellation);
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent @event, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _client.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = @event });
    }

    private OrchestrationMetadata ToMetadata(Core.OrchestrationState state, bool getInputsAndOutputs)
    {
        var failed = state.OrchestrationStatus == Core.OrchestrationStatus.Failed;
        return new OrchestrationMetadata(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = state.OrchestrationStatus.ToSdk(),
            CreatedAt = state.CreatedTime,
            LastUpdatedAt = state.LastUpdatedTime,
            // As the SDK's other clients: payloads only when asked for, then readable through the same DataConverter.
            DataConverter = getInputsAndOutputs ? _dataConverter : null,
            SerializedInput = getInputsAndOutputs ? state.Input : null,
            // A failed instance has no output, only failure details (the store keeps them in the output column).
            SerializedOutput = getInputsAndOutputs && !failed ? state.Output : null,
            SerializedCustomStatus = getInputsAndOutputs ? state.Status : null,
            FailureDetails = state.FailureDetails.ToSdk() ?? (failed ? CoreConversions.FailureFromOutput(state.Output) : null),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        };
    }

    private static Core.OrchestrationStatus ParseStatus(string status) =>
        Enum.TryParse<OrchestrationRuntimeStatus>(status, ignoreCase: true, out var parsed)
            ? parsed.ToCore()
            : throw new ArgumentException($"'{status}' is not an orchestration runtime status.", nameof(StartOrchestrationOptions.DedupeStatuses));
}
