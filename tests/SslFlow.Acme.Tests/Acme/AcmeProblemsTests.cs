using Microsoft.Extensions.Time.Testing;
using SslFlow.AcmeClient;
using SslFlow.Adapters.Acme;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Acme.Tests.Acme;

/// <summary>Every ACME problem type maps to one outcome: retry later (durably, Retry-After honoured), ACTIVATION ERROR with the reason, or an operator.</summary>
public sealed class AcmeProblemsTests
{
    /// <summary>The IANA "ACME Error Types" registry as of RFC 9773 (plus the profiles draft's invalidProfile).</summary>
    public static readonly string[] Registry =
    [
        "accountDoesNotExist", "alreadyReplaced", "alreadyRevoked", "autoRenewalCanceled", "autoRenewalCancellationInvalid", "autoRenewalExpired",
        "autoRenewalRevocationNotSupported", "badCSR", "badNonce", "badPublicKey", "badRevocationReason", "badSignatureAlgorithm", "caa", "compound",
        "connection", "delegationNotSupported", "dns", "externalAccountRequired", "incorrectResponse", "invalidContact", "invalidProfile", "malformed",
        "orderNotReady", "rateLimited", "rejectedIdentifier", "serverInternal", "tls", "unauthorized", "unsupportedContact", "unsupportedIdentifier",
        "userActionRequired",
    ];

    [Fact]
    public void The_table_names_every_registered_problem_type_and_nothing_else() =>
        Assert.Equal(Registry.Order(StringComparer.Ordinal), AcmeProblems.Table.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("rateLimited", 429, 120, "CaRateLimitedException")]
    [InlineData("serverInternal", 500, null, "CaRateLimitedException")]
    [InlineData("badNonce", 400, null, "CaRateLimitedException")]
    [InlineData("orderNotReady", 403, null, "CaNotReadyException")]
    [InlineData("caa", 403, null, "CaOrderFailedException")]
    [InlineData("dns", 400, null, "CaOrderFailedException")]
    [InlineData("incorrectResponse", 403, null, "CaOrderFailedException")]
    [InlineData("rejectedIdentifier", 400, null, "CaOrderFailedException")]
    [InlineData("alreadyReplaced", 409, null, "CaOrderFailedException")]
    [InlineData("externalAccountRequired", 403, null, "AcmeProblemException")]
    [InlineData("userActionRequired", 403, null, "AcmeProblemException")]
    [InlineData("malformed", 400, null, "AcmeProblemException")]
    [InlineData("somethingNew", 503, 30, "CaRateLimitedException")]
    [InlineData("somethingNew", 400, null, "AcmeProblemException")]
    public void Each_class_becomes_the_workflows_exception(string kind, int status, int? retryAfterSeconds, string expected)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var problem = new AcmeProblemException(new AcmeProblem(AcmeProblem.Prefix + kind, $"detail of {kind}", status, null, null), status,
            retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        var mapped = AcmeCertificateAuthority.ToWorkflowException(problem, time);

        Assert.Equal(expected, mapped.GetType().Name);
        Assert.Contains($"detail of {kind}", mapped.Message);
        if (mapped is CaRateLimitedException limited)
        {
            var wait = retryAfterSeconds is { } r ? TimeSpan.FromSeconds(r) : AcmeCertificateAuthority.DefaultRetryAfter;
            Assert.Equal(time.GetUtcNow() + wait, limited.RetryAt);
            // The retry time survives the activity boundary (only the message crosses it).
            Assert.True(CaRateLimitedException.TryParseRetryAt(limited.Message, out var parsed));
            Assert.Equal(limited.RetryAt, parsed);
        }
        if (expected == nameof(AcmeProblemException)) Assert.Same(problem, mapped);
    }

    [Fact]
    public void A_compound_problem_keeps_each_names_reason()
    {
        var problem = new AcmeProblem(AcmeProblem.Prefix + "compound", "Some names failed", 403,
            [new AcmeProblem(AcmeProblem.Prefix + "caa", "CAA forbids", 403, null, new AcmeIdentifier("dns", "a.example")),
             new AcmeProblem(AcmeProblem.Prefix + "dns", "NXDOMAIN", 400, null, new AcmeIdentifier("dns", "b.example"))], null);
        var mapped = AcmeCertificateAuthority.ToWorkflowException(new AcmeProblemException(problem, 403, null), TimeProvider.System);
        Assert.IsType<CaOrderFailedException>(mapped);
        Assert.Contains("a.example: CAA forbids", mapped.Message);
        Assert.Contains("b.example: NXDOMAIN", mapped.Message);
    }
}
