namespace SslFlow.Workflow.Orchestrations;

/// <summary>
/// Durations that are minutes to hours in production, carried in an orchestration's input (orchestrators are made
/// without DI, and an instance keeps the values it started with across replays and restarts). Null keeps the production
/// value; tests and the local host's settings (<c>SslFlow:Workflow</c>) make them short.
/// </summary>
/// <param name="EmailRetryInterval">First retry of a failed customer email (then ×4, four attempts in all); 30 s in production.</param>
/// <param name="ValidationPollInterval">Slow poll of the CA while a renewal waits for validation events (a lost webhook); 4 h in production.</param>
public sealed record WorkflowTimings(TimeSpan? EmailRetryInterval = null, TimeSpan? ValidationPollInterval = null);
