namespace SslFlow.Workflow.Orchestrations;

/// <summary>The pipeline stopped at a wait because the order was cancelled; the order orchestration refunds it.</summary>
public sealed class IssuanceCancelledException(string reason) : Exception(reason);
