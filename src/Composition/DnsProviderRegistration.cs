using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Dns.PowerDns;
using SslFlow.Adapters.Dns.Rfc2136;
using SslFlow.Adapters.Dns;
using SslFlow.Contracts.Challenges;

namespace SslFlow.Composition;

/// <summary>
/// The DNS providers both hosts register, from the same settings:
/// <code>
/// SslFlow:Dns:Zones:{zone}:Provider = Rfc2136 | PowerDns | AzureDns
/// SslFlow:Dns:Zones:{zone}:…        = that provider's options (Rfc2136Options, PowerDnsOptions, AzureDnsOptions)
/// SslFlow:Dns:Accounts:{account}:Zones = the zones that account's orders may have records written in (a list or "a,b")
/// </code>
/// Credentials (<c>TsigSecret</c>, <c>ApiKey</c>) are secrets: Key Vault references in Azure, user secrets locally.
/// A zone whose settings are wrong stops the host at start, naming the setting.
/// </summary>
public static class DnsProviderRegistration
{
    public const string Section = "SslFlow:Dns";

    /// <summary>Registers <see cref="DnsZones"/> and the dns-01 responder; call before any catch-all dns-01 responder (challtestsrv).</summary>
    public static IServiceCollection AddDnsProviders(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string, IDnsProvider>? azureDns = null)
    {
        services.AddSingleton(sp => Build(configuration, sp, azureDns));
        services.AddSingleton<IChallengeResponder>(sp => new DnsChallengeResponder(sp.GetRequiredService<DnsZones>(), sp.GetRequiredService<ILogger<DnsChallengeResponder>>()));
        return services;
    }

    public static DnsZones Build(IConfiguration configuration, IServiceProvider? services = null, Func<IServiceProvider, string, IDnsProvider>? azureDns = null)
    {
        var providers = new List<IDnsProvider>();
        foreach (var zoneSection in configuration.GetSection($"{Section}:Zones").GetChildren())
        {
            var zone = DnsZones.Normalise(zoneSection.Key);
            var setting = $"{Section}:Zones:{zoneSection.Key}";
            var kind = zoneSection["Provider"];
            IDnsProvider provider = kind?.Trim().ToLowerInvariant() switch
            {
                "rfc2136" => new Rfc2136DnsProvider(setting, [zone], Bind<Rfc2136Options>(zoneSection)),
                "powerdns" => PowerDns(setting, zone, Bind<PowerDnsOptions>(zoneSection)),
                "azuredns" when azureDns is not null && services is not null => azureDns(services, zone),
                "azuredns" => throw new InvalidOperationException($"{setting}:Provider is AzureDns, but this host has no Azure credential for it."),
                _ => throw new InvalidOperationException($"{setting}:Provider must be Rfc2136, PowerDns or AzureDns (was '{kind}')."),
            };
            providers.Add(provider);
        }
        var accounts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var account in configuration.GetSection($"{Section}:Accounts").GetChildren())
        {
            var zones = account.GetSection("Zones");
            var list = zones.Value is { Length: > 0 } flat
                ? flat.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : zones.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToList();
            accounts[account.Key] = list;
        }
        return new DnsZones(providers, accounts);
    }

    private static PowerDnsProvider PowerDns(string setting, string zone, PowerDnsOptions options)
    {
        if (!Uri.TryCreate(options.ApiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{setting}:ApiUrl must be the PowerDNS webserver's http(s) address.");
        if (string.IsNullOrEmpty(options.ApiKey)) throw new InvalidOperationException($"{setting}:ApiKey is required.");
        return new PowerDnsProvider(setting, [zone], options, new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
    }

    private static T Bind<T>(IConfigurationSection section) where T : new()
    {
        var options = new T();
        section.Bind(options);
        return options;
    }
}
