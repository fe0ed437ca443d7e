using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SslFlow.Application.Workflow;

/// <summary>
/// The two client moves the HTTP layer and the renewal timer make, written so they behave the same on both clients
/// (the local Durable Task Framework client and the Durable Functions gRPC client), which differ where Durable leaves
/// things open: what a duplicate start throws, and that an event raised to a missing instance is silently dropped.
/// </summary>
public static class DurableClientExtensions
{
    /// <summary>
    /// Starts <paramref name="orchestratorName"/> under a caller-chosen id; false when an instance with that id exists
    /// already (running or finished). The check comes first because the clients disagree on a duplicate start (one throws
    /// its own exception type, the other may replace a finished instance); when scheduling throws, a second look tells a
    /// lost race (the id now exists: false) from a real failure (rethrown).
    /// </summary>
    /// <remarks>
    /// The framework's own duplicate check is read-then-write: two starts of one new id at the same moment both return, and
    /// it runs the orchestration once. Starts of one id in this process are therefore serialized (striped locks), so the
    /// second sees the first's instance and reports false; across processes the framework still runs it once, and both
    /// callers report a start.
    /// </remarks>
    public static async Task<bool> TryStartAsync(this DurableTaskClient client, string orchestratorName, object input, string instanceId, CancellationToken cancellationToken)
    {
        var gate = StartGates[(StringComparer.Ordinal.GetHashCode(instanceId) & int.MaxValue) % StartGates.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null) return false;
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId), cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null) return false;
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static readonly SemaphoreSlim[] StartGates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>
    /// Raises an event to an instance that can still take it; false (nothing raised) when the instance does not exist
    /// or has ended. Durable drops events to a missing instance without a word, so the caller must ask first to be able
    /// to answer "not waiting".
    /// </summary>
    public static async Task<bool> TryRaiseEventAsync(this DurableTaskClient client, string instanceId, string eventName, object payload, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not { } instance || !instance.IsLive()) return false;
        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return true;
    }

    /// <summary>
    /// Not yet ended: pending (accepted, not yet run), running, suspended, or between two generations (ContinuedAsNew).
    /// The Azure Storage provider records a ContinueAsNew as Running in its instances table, so our hosts do not see that
    /// status today; another backend may report it, and an event raised then is queued for the instance and received by
    /// the next generation (the Durable Functions extension's own raise accepts it too), so it must not answer 409.
    /// The SDK's IsRunning means Running only.
    /// </summary>
    public static bool IsLive(this OrchestrationMetadata instance) =>
        instance.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended
            or ContinuedAsNew;

    // Obsolete in the SDK ("exists only for compatibility"), yet a backend may still report it, and then it means live.
#pragma warning disable CS0618
    private const OrchestrationRuntimeStatus ContinuedAsNew = OrchestrationRuntimeStatus.ContinuedAsNew;
#pragma warning restore CS0618
}
