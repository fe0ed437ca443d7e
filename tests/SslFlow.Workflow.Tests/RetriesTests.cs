using SslFlow.Activities.Issuance;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Tests;

/// <summary>What the shared retry policies retry, and for how long.</summary>
public sealed class RetriesTests
{
    private static TaskFailureDetails Failure(Exception ex) => TaskFailureDetails.FromException(ex);

    [Fact]
    public void A_ca_that_cannot_be_reached_pauses_the_order_for_hours_instead_of_failing_it()
    {
        var policy = Retries.CaCall.Retry!;
        Assert.True(policy.HandleFailure!(Failure(new HttpRequestException("Connection refused"))));
        var waited = Enumerable.Range(1, policy.MaxNumberOfAttempts - 1).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + policy.DelayBefore(attempt));
        Assert.InRange(waited, TimeSpan.FromHours(6), TimeSpan.FromHours(12));
        // The quick policy for our own parts gives up within a minute: it must not be the one used for CA calls.
        var quick = Retries.Transient.Retry!;
        Assert.True(Enumerable.Range(1, quick.MaxNumberOfAttempts - 1).Sum(a => quick.DelayBefore(a).TotalSeconds) < 60);
    }

    [Fact]
    public void A_cas_refusal_or_request_to_come_back_later_is_never_retried_by_policy()
    {
        foreach (var options in new[] { Retries.CaCall, Retries.Transient })
        {
            Assert.False(options.Retry!.HandleFailure!(Failure(new CaOrderFailedException("rejected"))));
            Assert.False(options.Retry!.HandleFailure!(Failure(new CaRateLimitedException(DateTimeOffset.UnixEpoch, "later"))));
        }
    }

    [Fact]
    public void Polling_retries_only_while_the_ca_is_not_ready()
    {
        var policy = Retries.PollCa.Retry!;
        Assert.True(policy.HandleFailure!(Failure(new CaNotReadyException("pending"))));
        Assert.False(policy.HandleFailure!(Failure(new HttpRequestException("down"))));
    }
}
