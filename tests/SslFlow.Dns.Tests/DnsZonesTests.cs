using Microsoft.Extensions.Configuration;
using SslFlow.Adapters.Dns;
using SslFlow.Contracts.Challenges;
using SslFlow.Composition;

namespace SslFlow.Dns.Tests;

public sealed class DnsZonesTests
{
    private static DnsZones FromSettings(Dictionary<string, string?> settings) =>
        DnsProviderRegistration.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static readonly string Secret = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void The_longest_configured_zone_holding_the_name_wins()
    {
        var zones = FromSettings(new()
        {
            ["SslFlow:Dns:Zones:example.com:Provider"] = "Rfc2136",
            ["SslFlow:Dns:Zones:example.com:Server"] = "127.0.0.1:5300",
            ["SslFlow:Dns:Zones:example.com:TsigKeyName"] = "k",
            ["SslFlow:Dns:Zones:example.com:TsigSecret"] = Secret,
            ["SslFlow:Dns:Zones:Shop.Example.com.:Provider"] = "PowerDns",
            ["SslFlow:Dns:Zones:Shop.Example.com.:ApiUrl"] = "http://127.0.0.1:8081/",
            ["SslFlow:Dns:Zones:Shop.Example.com.:ApiKey"] = "key",
        });
        Assert.Equal("shop.example.com", zones.Find("_acme-challenge.www.shop.example.com")!.Zone);
        Assert.Equal("example.com", zones.Find("_acme-challenge.example.com.")!.Zone);
        Assert.Equal("example.com", zones.Find("_acme-challenge.notshop.example.com")!.Zone); // a suffix of labels, not of characters
        Assert.Null(zones.Find("_acme-challenge.example.org"));
        Assert.Null(zones.Find("badexample.com"));
    }

    [Fact]
    public void Accounts_may_use_only_the_zones_listed_for_them()
    {
        var zones = FromSettings(new()
        {
            ["SslFlow:Dns:Accounts:acme-hosting:Zones"] = "example.com, Shop.example.com.",
            ["SslFlow:Dns:Accounts:other:Zones:0"] = "example.org",
        });
        Assert.True(zones.Allows("acme-hosting", "shop.example.com"));
        Assert.False(zones.Allows("acme-hosting", "example.org"));
        Assert.True(zones.Allows("other", "example.org"));
        Assert.False(zones.Allows("nobody", "example.com"));
    }

    [Theory]
    [InlineData("Bind", "Provider")]
    [InlineData("PowerDns", "ApiUrl")]
    [InlineData("Rfc2136", "Server")]
    public void A_wrong_zone_setting_stops_the_host_naming_it(string provider, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FromSettings(new() { ["SslFlow:Dns:Zones:example.com:Provider"] = provider }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("example.com", error.Message, StringComparison.Ordinal);
    }
}
