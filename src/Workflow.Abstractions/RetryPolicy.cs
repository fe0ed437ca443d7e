namespace SslFlow.Workflow.Abstractions;

/// <summary>
/// Mirrors Durable's <c>RetryPolicy</c>: attempts, first interval, backoff, max interval, overall timeout, and
/// which failures to retry. Retries are orchestration steps (timers in the journal), so they survive restarts.
/// </summary>
public sealed record RetryPolicy(
    int MaxNumberOfAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient = 1.0,
    TimeSpan? MaxRetryInterval = null,
    TimeSpan? RetryTimeout = null)
{
    /// <summary>Which failures are retried; all when null.</summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 = first retry).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 1);
        var max = (MaxRetryInterval ?? TimeSpan.FromDays(6)).TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Min(ms, max));
    }
}
