using SslFlow.DevStack;

namespace SslFlow.Dns.Tests;

/// <summary>The test DNS servers themselves: started on free ports with their own configuration, answering for their zones.</summary>
public sealed class BindRunnerTests(BindFixture fixture) : IClassFixture<BindFixture>
{
    [Fact]
    public async Task Serves_its_zones_with_serial_one_and_nothing_else()
    {
        Assert.Equal(1u, await fixture.Bind.SerialAsync("example.test"));
        Assert.Equal(1u, await fixture.Bind.SerialAsync("other.test"));
        Assert.Equal(0u, await fixture.Bind.SerialAsync("not-served.test"));
        Assert.NotEqual(53, fixture.Bind.Port);
    }
}

public sealed class PowerDnsRunnerTests(PowerDnsFixture fixture) : IClassFixture<PowerDnsFixture>
{
    [Fact]
    public async Task Api_lists_the_zone_and_refuses_a_wrong_key()
    {
        using var http = fixture.PowerDns.CreateApiClient();
        var zones = await http.GetStringAsync("api/v1/servers/localhost/zones");
        Assert.Contains("\"example.test.\"", zones, StringComparison.Ordinal);
        using var wrong = new HttpClient { BaseAddress = fixture.PowerDns.ApiUri };
        wrong.DefaultRequestHeaders.Add("X-API-Key", "not-the-key");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/v1/servers/localhost/zones")).StatusCode);
    }
}
