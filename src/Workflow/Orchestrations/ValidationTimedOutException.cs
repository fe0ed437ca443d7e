namespace SslFlow.Workflow.Orchestrations;

/// <summary>A validation step (or the order's overall 45/60-day deadline) ran out: ACTIVATION ERROR with cause timeout.</summary>
public sealed class ValidationTimedOutException(string reason) : Exception(reason);
