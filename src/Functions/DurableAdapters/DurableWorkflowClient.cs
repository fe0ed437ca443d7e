using DurableClient = Microsoft.DurableTask.Client;
using Durable = Microsoft.DurableTask;
using Port = SslFlow.Workflow.Abstractions;

namespace SslFlow.Functions.DurableAdapters;

/// <summary>
/// The port's <see cref="Port.IWorkflowClient"/> over Durable's <see cref="DurableClient.DurableTaskClient"/> (the
/// <c>[DurableClient]</c> binding), so HTTP intake, webhooks and the renewal timer share one application layer on both engines.
/// </summary>
public sealed class DurableWorkflowClient(DurableClient.DurableTaskClient client) : Port.IWorkflowClient
{
    private readonly DurableClient.DurableTaskClient client = client ?? throw new ArgumentNullException(nameof(client));

    /// <remarks>
    /// Durable may silently accept (or, on some backends, restart) a start for an id that exists, so the port's
    /// "already exists" is checked first; a backend that rejects the duplicate itself is mapped to the same exception.
    /// </remarks>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await this.client.GetInstanceAsync(instanceId, false, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new Port.InstanceAlreadyExistsException(instanceId);
        }

        try
        {
            return await this.client.ScheduleNewOrchestrationInstanceAsync(
                orchestratorName, input, new Durable.StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
            throw new Port.InstanceAlreadyExistsException(instanceId);
        }
    }

    /// <summary>Durable drops events for unknown instances; the port reports them, so the caller can map a CA reference again.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        if (await this.client.GetInstanceAsync(instanceId, false, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new Port.InstanceNotFoundException(instanceId);
        }

        await this.client.RaiseEventAsync(instanceId, eventName, eventPayload, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Port.OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var metadata = await this.client.GetInstanceAsync(instanceId, true, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : ToPort(metadata);
    }

    public async Task<Port.OrchestrationPage> QueryInstancesAsync(Port.OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        var filter = new DurableClient.OrchestrationQuery(
            CreatedFrom: query.CreatedFrom,
            CreatedTo: query.CreatedTo,
            Statuses: query.Statuses?.Select(ToDurable).ToArray(),
            PageSize: query.PageSize,
            FetchInputsAndOutputs: true,
            ContinuationToken: query.ContinuationToken);

        // One page per call: the port pages with its own continuation token, as the embedded engine does.
        await foreach (var page in this.client.GetAllInstancesAsync(filter).AsPages(query.ContinuationToken, query.PageSize)
                           .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return new Port.OrchestrationPage(page.Values.Select(ToPort).ToArray(), page.ContinuationToken);
        }

        return new Port.OrchestrationPage([], null);
    }

    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        this.client.TerminateInstanceAsync(instanceId, reason, cancellationToken);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        this.client.SuspendInstanceAsync(instanceId, reason, cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        this.client.ResumeInstanceAsync(instanceId, reason, cancellationToken);

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var result = await this.client.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return result.PurgedInstanceCount > 0;
    }

    public async Task<Port.OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var metadata = await this.client.WaitForInstanceCompletionAsync(instanceId, true, cancellationToken).ConfigureAwait(false);
        return metadata is null ? throw new Port.InstanceNotFoundException(instanceId) : ToPort(metadata);
    }

    internal static Port.OrchestrationMetadata ToPort(DurableClient.OrchestrationMetadata metadata) =>
        new(metadata.Name,
            metadata.InstanceId,
            ToPort(metadata.RuntimeStatus),
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            metadata.SerializedInput,
            metadata.SerializedOutput,
            metadata.SerializedCustomStatus,
            metadata.FailureDetails is null ? null : FailureDetailsMapper.ToPort(metadata.FailureDetails));

#pragma warning disable CS0618 // ContinuedAsNew and Canceled are obsolete upstream but still values a store can return.
    internal static Port.OrchestrationRuntimeStatus ToPort(DurableClient.OrchestrationRuntimeStatus status) => status switch
    {
        DurableClient.OrchestrationRuntimeStatus.Pending => Port.OrchestrationRuntimeStatus.Pending,
        DurableClient.OrchestrationRuntimeStatus.Running => Port.OrchestrationRuntimeStatus.Running,
        DurableClient.OrchestrationRuntimeStatus.Completed => Port.OrchestrationRuntimeStatus.Completed,
        DurableClient.OrchestrationRuntimeStatus.ContinuedAsNew => Port.OrchestrationRuntimeStatus.ContinuedAsNew,
        DurableClient.OrchestrationRuntimeStatus.Failed => Port.OrchestrationRuntimeStatus.Failed,
        DurableClient.OrchestrationRuntimeStatus.Canceled => Port.OrchestrationRuntimeStatus.Terminated,
        DurableClient.OrchestrationRuntimeStatus.Terminated => Port.OrchestrationRuntimeStatus.Terminated,
        DurableClient.OrchestrationRuntimeStatus.Suspended => Port.OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown Durable runtime status."),
    };

    internal static DurableClient.OrchestrationRuntimeStatus ToDurable(Port.OrchestrationRuntimeStatus status) => status switch
    {
        Port.OrchestrationRuntimeStatus.Pending => DurableClient.OrchestrationRuntimeStatus.Pending,
        Port.OrchestrationRuntimeStatus.Running => DurableClient.OrchestrationRuntimeStatus.Running,
        Port.OrchestrationRuntimeStatus.Completed => DurableClient.OrchestrationRuntimeStatus.Completed,
        Port.OrchestrationRuntimeStatus.ContinuedAsNew => DurableClient.OrchestrationRuntimeStatus.ContinuedAsNew,
        Port.OrchestrationRuntimeStatus.Failed => DurableClient.OrchestrationRuntimeStatus.Failed,
        Port.OrchestrationRuntimeStatus.Terminated => DurableClient.OrchestrationRuntimeStatus.Terminated,
        Port.OrchestrationRuntimeStatus.Suspended => DurableClient.OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown port runtime status."),
    };
#pragma warning restore CS0618

    /// <summary>
    /// DurableTask.Core's OrchestrationAlreadyExistsException (an InvalidOperationException) or the gRPC
    /// AlreadyExists status, matched by name: neither type is part of the public surface this app compiles against.
    /// </summary>
    internal static bool IsAlreadyExists(Exception ex) =>
        ex.GetType().Name.Contains("AlreadyExists", StringComparison.Ordinal)
        || ex.Message.Contains("AlreadyExists", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase);
}
