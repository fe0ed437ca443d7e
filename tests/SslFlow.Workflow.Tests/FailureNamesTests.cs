using Microsoft.DurableTask;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Workflow.Tests;

/// <summary>
/// The CA exceptions moved from SslFlow.Activities.Issuance to SslFlow.Contracts.CertificateAuthorities: failures recorded
/// in history before the move carry the old names, and the retry filters and catch clauses must still recognise them on replay.
/// </summary>
public sealed class FailureNamesTests
{
    [Theory]
    [InlineData("SslFlow.Contracts.CertificateAuthorities.CaNotReadyException", typeof(CaNotReadyException))]
    [InlineData("SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException", typeof(CaOrderFailedException))]
    [InlineData("SslFlow.Contracts.CertificateAuthorities.CaRateLimitedException", typeof(CaRateLimitedException))]
    public void A_failure_recorded_under_the_former_name_is_caused_by_the_moved_exception(string formerName, Type moved)
    {
        var outer = new TaskFailureDetails(typeof(TaskFailedException).FullName!, "sub-orchestration failed", null,
            new TaskFailureDetails(formerName, "recorded before the move", null, null, null), null);

        Assert.True(Has(outer, moved));
        Assert.False(Has(new TaskFailureDetails("SslFlow.Activities.Issuance.SomethingElse", "x", null, null, null), moved));
    }

    private static bool Has(TaskFailureDetails details, Type type) =>
        type == typeof(CaNotReadyException) ? details.HasCause<CaNotReadyException>()
        : type == typeof(CaOrderFailedException) ? details.HasCause<CaOrderFailedException>()
        : details.HasCause<CaRateLimitedException>();
}
