using Microsoft.DurableTask;

namespace SslFlow.Workflow.Orchestrations;

public static class SubOrchestration
{
    /// <summary>
    /// Options that start a sub-orchestration under a caller-chosen instance id: deterministic, so the HTTP layer can
    /// address it (cancel) and a second start finds it. No retry: a failed pipeline is the parent's to handle.
    /// </summary>
    public static SubOrchestrationOptions WithInstanceId(string instanceId) => new TaskOptions().WithInstanceId(instanceId);
}
