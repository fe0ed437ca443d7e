using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Activities.Issuance;
using SslFlow.Adapters.Dns;
using SslFlow.Adapters.Dns.Rfc2136;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Issuance;
using SslFlow.Domain.Rules;

namespace SslFlow.Dns.Tests;

/// <summary>PublishChallenges writes dns-01 through the provider of the name's zone and fails loudly for a name no responder covers.</summary>
public sealed class PublishChallengesTests(BindFixture fixture) : IClassFixture<BindFixture>
{
    private DnsChallengeResponder Responder() => new(new DnsZones([new Rfc2136DnsProvider("bind", ["example.test"], new Rfc2136Options
    {
        Server = $"{fixture.Bind.Address}:{fixture.Bind.Port}", TsigKeyName = fixture.Bind.TsigKeyName, TsigSecret = fixture.Bind.TsigSecret,
    })]), NullLogger<DnsChallengeResponder>.Instance);

    [Fact]
    public async Task A_wildcard_and_its_base_name_are_both_written_in_the_zone_of_the_name()
    {
        var label = Guid.NewGuid().ToString("N");
        var activity = new PublishChallenges([Responder()]);
        var published = await activity.RunAsync(null!, new PublishChallengesInput(
        [
            new DcvChallenge($"*.{label}.example.test", DcvMethod.Dns01, "t1", "wildcard-value", null),
            new DcvChallenge($"{label}.example.test", DcvMethod.Dns01, "t2", "base-value", null),
        ]));
        Assert.Equal(2, published);
        Assert.Equal(["base-value", "wildcard-value"], (await fixture.Bind.QueryTxtAsync($"_acme-challenge.{label}.example.test")).Order());
    }

    [Fact]
    public async Task A_dns01_challenge_outside_every_zone_fails_the_order_naming_it()
    {
        var activity = new PublishChallenges([Responder()]);
        var error = await Assert.ThrowsAsync<CaOrderFailedException>(() => activity.RunAsync(null!, new PublishChallengesInput(
            [new DcvChallenge("www.elsewhere.test", DcvMethod.Dns01, "t", "v", null)])));
        Assert.Contains("www.elsewhere.test", error.Message, StringComparison.Ordinal);
        Assert.Contains("dns-01", error.Message, StringComparison.Ordinal);
    }
}
