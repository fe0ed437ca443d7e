using SslFlow.Adapters.Dns.PowerDns;

namespace SslFlow.Dns.Tests;

/// <summary>The PowerDNS HTTP API adapter against a real pdns_server: what it writes is what PowerDNS answers over DNS.</summary>
public sealed class PowerDnsProviderTests(PowerDnsFixture fixture) : IClassFixture<PowerDnsFixture>
{
    private PowerDnsProvider Provider(string? key = null) =>
        new("test", ["example.test"], new PowerDnsOptions { ApiUrl = fixture.PowerDns.ApiUri.ToString(), ApiKey = key ?? fixture.PowerDns.ApiKey }, new HttpClient());

    [Fact]
    public async Task Two_values_at_one_name_are_both_served_and_removed_one_by_one()
    {
        var name = $"_acme-challenge.{Guid.NewGuid():N}.example.test";
        var provider = Provider();
        await provider.AddTxtAsync("example.test", name, "wildcard-value", default);
        await provider.AddTxtAsync("example.test", name, "base-value", default);
        await provider.AddTxtAsync("example.test", name, "base-value", default);
        Assert.Equal(["base-value", "wildcard-value"], (await fixture.PowerDns.QueryTxtAsync(name)).Order());

        await provider.RemoveTxtAsync("example.test", name, "wildcard-value", default);
        Assert.Equal(["base-value"], await fixture.PowerDns.QueryTxtAsync(name));
        await provider.RemoveTxtAsync("example.test", name, "base-value", default);
        await provider.RemoveTxtAsync("example.test", name, "base-value", default);
        Assert.Empty(await fixture.PowerDns.QueryTxtAsync(name));
    }

    [Fact]
    public async Task A_wrong_key_is_a_401_error_without_the_key()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Provider("wrong-key-123").AddTxtAsync("example.test", "_acme-challenge.x.example.test", "v", default));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("wrong-key-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zone_not_on_the_server_is_an_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Provider().AddTxtAsync("elsewhere.test", "_acme-challenge.a.elsewhere.test", "v", default));
        Assert.Contains("elsewhere.test", error.Message, StringComparison.Ordinal);
    }
}
