using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Workflow.Orchestrations;

/// <summary>The retry policies the orchestrations share.</summary>
public static class Retries
{
    /// <summary>Polling a CA: retry only while it says "not ready", backing off to a minute, for about an hour.</summary>
    public static readonly TaskOptions PollCa = TaskOptions.FromRetryPolicy(
        new RetryPolicy(60, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1))
        {
            HandleFailure = f => f.HasCause<CaNotReadyException>(),
        });

    /// <summary>
    /// Calls that reach the CA (submit, start validation, finalize, download): a CA or the network to it that is down
    /// for hours pauses the order instead of failing it (10 s, 40 s, 160 s, ~11 min, ~43 min, then every 2 h, ~9 h in
    /// all); a CA's "no" (<see cref="CaOrderFailedException"/>) and its "later" (<see cref="CaRateLimitedException"/>,
    /// handled by the pipeline) are never retried here.
    /// </summary>
    public static readonly TaskOptions CaCall = TaskOptions.FromRetryPolicy(
        new RetryPolicy(10, TimeSpan.FromSeconds(10), 4.0, TimeSpan.FromHours(2))
        {
            HandleFailure = IsTransient,
        });

    /// <summary>Transient faults of our own parts (store, vault, network): a few quick tries, never a CA's "no".</summary>
    public static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(
        new RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(30))
        {
            HandleFailure = IsTransient,
        });

    private static bool IsTransient(TaskFailureDetails f) =>
        !f.HasCause<CaOrderFailedException>() && !f.HasCause<Domain.Orders.IllegalTransitionException>()
        && !f.HasCause<CaRateLimitedException>(); // the pipeline waits for the CA's retry time instead
}
