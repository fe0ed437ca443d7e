using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Dns;
using SslFlow.Adapters.Notifications;
using SslFlow.Adapters.SandboxCa;
using SslFlow.Vault.Local;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Vault;
using SslFlow.Composition;

namespace SslFlow.LocalHost.Composition;

/// <summary>The local adapters: encrypted folder vault, ACME CA, sandbox CA (when configured), DNS provider, SMTP email (the Tables stores: AddTableStores).</summary>
public static class AdapterRegistration
{
    public static IServiceCollection AddLocalAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new MasterKeyHolder(ResolveMasterKey(ServiceRegistration.Options(sp))));
        services.AddSingleton(sp =>
        {
            var o = ServiceRegistration.Options(sp);
            return new LocalVault(new LocalVaultOptions { RootPath = Path.Combine(o.DataDirectory, "vault"), MasterKey = sp.GetRequiredService<MasterKeyHolder>().Key },
                sp.GetRequiredService<ILogger<LocalVault>>());
        });
        services.AddSingleton<IVault>(sp => sp.GetRequiredService<LocalVault>());
        // The ACME account keys live in the same vault and sign there.
        services.AddSingleton<IAccountKeyVault>(sp => sp.GetRequiredService<LocalVault>());

        services.AddSingleton<ICertificateAuthority>(sp =>
        {
            var o = ServiceRegistration.Options(sp);
            return new AcmeCertificateAuthority(new AcmeOptions
            {
                Name = "acme",
                DirectoryUrl = new Uri(o.Acme.DirectoryUrl),
                EabKeyId = o.Acme.EabKeyId,
                EabHmacKey = o.Acme.EabHmacKey,
                AccountEmail = o.Acme.AccountEmail ?? "certificates@sslflow.test",
                TrustedCertificatePath = o.Acme.TrustedCertificatePath,
                EabAlgorithm = o.Acme.EabAlgorithm,
                Profile = o.Acme.Profile,
                PreferredChain = o.Acme.PreferredChain,
            }, sp.GetRequiredService<AcmeOrderIndex>(), sp.GetRequiredService<AcmeAccountStore>(), sp.GetRequiredService<IAccountKeyVault>(),
                sp.GetRequiredService<ILogger<AcmeCertificateAuthority>>(), time: sp.GetRequiredService<TimeProvider>());
        });

        // The order-API CA (OV, EV, S/MIME, email DCV): the sandbox CA locally, when configured.
        if (configuration.GetSection(SandboxCaOptions.Section).Exists())
        {
            services.AddOptions<SandboxCaOptions>().Bind(configuration.GetSection(SandboxCaOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<ICertificateAuthority>(sp => new SandboxCertificateAuthority(new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxCaOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SandboxCertificateAuthority>>()));
            services.AddSingleton(sp => new SandboxCaOperatorClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxCaOptions>>().Value));
        }

        // dns-01 through the DNS provider of each name's zone (SslFlow:Dns:Zones), asked before challtestsrv, which answers any name.
        services.AddDnsProviders(configuration);
        if (configuration["SslFlow:Dns:ChallTestSrvUrl"] is { Length: > 0 } challUrl)
        {
            services.AddSingleton<IChallengeResponder>(_ => new ChallTestSrvDnsResponder(new HttpClient(), new Uri(challUrl)));
        }


        var smtp = new SmtpNotifierOptions();
        configuration.GetSection("SslFlow:Smtp").Bind(smtp);
        services.AddSingleton(smtp);
        services.AddSingleton<INotifier, SmtpNotifier>();
        return services;
    }

    /// <summary>The configured master key, or one kept in a 0600 file in the data directory.</summary>
    private static string ResolveMasterKey(LocalHostOptions o) =>
        o.VaultMasterKey is { Length: > 0 } configured ? configured : LocalVaultMasterKey.LoadOrCreate(Path.Combine(o.DataDirectory, "vault-master.key"));

    internal sealed record MasterKeyHolder(string Key);
}
