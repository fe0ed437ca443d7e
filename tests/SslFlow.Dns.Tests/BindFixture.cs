using SslFlow.DevStack;

namespace SslFlow.Dns.Tests;

/// <summary>One real BIND 9 per test class, primary for two zones; each test writes names of its own.</summary>
public sealed class BindFixture : IAsyncLifetime
{
    public BindRunner Bind { get; private set; } = null!;

    public async Task InitializeAsync() => Bind = await BindRunner.StartAsync(["example.test", "other.test"]);

    public async Task DisposeAsync() => await Bind.DisposeAsync();
}

/// <summary>One real PowerDNS (sqlite3 backend, HTTP API) per test class.</summary>
public sealed class PowerDnsFixture : IAsyncLifetime
{
    public PowerDnsRunner PowerDns { get; private set; } = null!;

    public async Task InitializeAsync() => PowerDns = await PowerDnsRunner.StartAsync(["example.test"]);

    public async Task DisposeAsync() => await PowerDns.DisposeAsync();
}
