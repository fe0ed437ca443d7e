using SslFlow.Adapters.Dns.Rfc2136;

namespace SslFlow.Dns.Tests;

/// <summary>RFC 2136 + TSIG against a real BIND 9: what the adapter writes is what the name server answers.</summary>
public sealed class Rfc2136ProviderTests(BindFixture fixture) : IClassFixture<BindFixture>
{
    private Rfc2136DnsProvider Provider(string? secret = null, string? keyName = null) => new("test", ["example.test"], new Rfc2136Options
    {
        Server = $"{fixture.Bind.Address}:{fixture.Bind.Port}",
        TsigKeyName = keyName ?? fixture.Bind.TsigKeyName,
        TsigAlgorithm = fixture.Bind.TsigAlgorithm,
        TsigSecret = secret ?? fixture.Bind.TsigSecret,
    });

    [Fact]
    public async Task Two_values_at_one_name_are_both_served_and_removed_one_by_one()
    {
        var name = $"_acme-challenge.{Guid.NewGuid():N}.example.test";
        var provider = Provider();
        await provider.AddTxtAsync("example.test", name, "wildcard-value", default);
        await provider.AddTxtAsync("example.test", name, "base-value", default);
        await provider.AddTxtAsync("example.test", name, "base-value", default); // at least once: a repeat is the same record
        Assert.Equal(["base-value", "wildcard-value"], (await fixture.Bind.QueryTxtAsync(name)).Order());

        await provider.RemoveTxtAsync("example.test", name, "wildcard-value", default);
        Assert.Equal(["base-value"], await fixture.Bind.QueryTxtAsync(name));
        await provider.RemoveTxtAsync("example.test", name, "base-value", default);
        await provider.RemoveTxtAsync("example.test", name, "base-value", default); // gone already: fine
        Assert.Empty(await fixture.Bind.QueryTxtAsync(name));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_server_and_nothing_is_written()
    {
        var name = $"_acme-challenge.{Guid.NewGuid():N}.example.test";
        var wrong = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Provider(secret: wrong).AddTxtAsync("example.test", name, "v", default));
        Assert.Contains("example.test", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Bind.QueryTxtAsync(name));
    }

    [Fact]
    public async Task A_zone_the_server_does_not_serve_is_an_error_naming_it()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Provider().AddTxtAsync("elsewhere.test", "_acme-challenge.a.elsewhere.test", "v", default));
        Assert.Contains("elsewhere.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_or_malformed_keys_are_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => new Rfc2136DnsProvider("t", ["example.test"], new Rfc2136Options { Server = "127.0.0.1", TsigKeyName = "k", TsigAlgorithm = "hmac-md5", TsigSecret = fixture.Bind.TsigSecret }));
        Assert.Throws<InvalidOperationException>(() => new Rfc2136DnsProvider("t", ["example.test"], new Rfc2136Options { Server = "127.0.0.1", TsigKeyName = "k", TsigSecret = "not base64!" }));
    }
}
