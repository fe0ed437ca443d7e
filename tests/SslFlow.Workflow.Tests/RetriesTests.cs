using Microsoft.DurableTask;
using SslFlow.Workflow.Orchestrations;

using SslFlow.Workflow.Tests.Harness;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Workflow.Tests;

/// <summary>What the shared retry policies retry, and for how long.</summary>
public sealed class RetriesTests
{
    private static TaskFailureDetails Failure(Exception ex) => TaskFailureDetails.FromException(ex);

    /// <summary>The delay Durable waits before retry number <paramref name="attempt"/> (1 = the first retry) under <paramref name="policy"/>.</summary>
    private static TimeSpan DelayBefore(RetryPolicy policy, int attempt)
    {
        var delay = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return TimeSpan.FromMilliseconds(policy.MaxRetryInterval is { } max ? Math.Min(delay, max.TotalMilliseconds) : delay);
    }

    [Fact]
    public void A_ca_that_cannot_be_reached_pauses_the_order_for_hours_instead_of_failing_it()
    {
        var policy = Retries.CaCall.Retry!.Policy!;
        Assert.True(policy.Handles(Failure(new HttpRequestException("Connection refused"))));
        var waited = Enumerable.Range(1, policy.MaxNumberOfAttempts - 1).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + DelayBefore(policy, attempt));
        Assert.InRange(waited, TimeSpan.FromHours(6), TimeSpan.FromHours(12));
        // The quick policy for our own parts gives up within a minute: it must not be the one used for CA calls.
        var quick = Retries.Transient.Retry!.Policy!;
        Assert.True(Enumerable.Range(1, quick.MaxNumberOfAttempts - 1).Sum(a => DelayBefore(quick, a).TotalSeconds) < 60);
    }

    [Fact]
    public void A_cas_refusal_or_request_to_come_back_later_is_never_retried_by_policy()
    {
        foreach (var options in new[] { Retries.CaCall, Retries.Transient })
        {
            Assert.False(options.Retry!.Policy!.Handles(Failure(new CaOrderFailedException("rejected"))));
            Assert.False(options.Retry!.Policy!.Handles(Failure(new CaRateLimitedException(DateTimeOffset.UnixEpoch, "later"))));
        }
    }

    [Fact]
    public void Polling_retries_only_while_the_ca_is_not_ready()
    {
        var policy = Retries.PollCa.Retry!.Policy!;
        Assert.True(policy.Handles(Failure(new CaNotReadyException("pending"))));
        Assert.False(policy.Handles(Failure(new HttpRequestException("down"))));
    }
}
