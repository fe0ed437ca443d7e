using System.Diagnostics.Metrics;
using Microsoft.DurableTask;

namespace SslFlow.Workflow.Telemetry;

/// <summary>
/// Workflow instruments on the service's meter (the same name the application layer uses, so one OpenTelemetry
/// registration exports both). The infra alert on failed orchestrations queries <see cref="OrchestrationsFailed"/>.
/// </summary>
public static class WorkflowMetrics
{
    public const string MeterName = "SslFlow";

    /// <summary>Counter: one per orchestration instance that ends failed; tag <see cref="OrchestrationTag"/> = the orchestrator name.</summary>
    public const string OrchestrationsFailed = "sslflow.orchestrations.failed";

    public const string OrchestrationTag = "orchestration";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>(OrchestrationsFailed, "{orchestration}", "Orchestration instances that ended failed.");

    /// <summary>
    /// Counts a failed end of <paramref name="orchestrator"/>. A replay re-runs the code that failed, so only the
    /// episode that really ends the instance (not replaying) counts.
    /// </summary>
    public static void RecordFailed(TaskOrchestrationContext context, string orchestrator)
    {
        if (context.IsReplaying) return;
        FailedCounter.Add(1, new KeyValuePair<string, object?>(OrchestrationTag, orchestrator));
    }
}
