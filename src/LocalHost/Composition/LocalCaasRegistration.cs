using Microsoft.Extensions.Options;
using SslFlow.Adapters.Caas;
using SslFlow.Adapters.SandboxCa;
using SslFlow.Application.Caas;
using SslFlow.Vault.Local;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.Orders;
using SslFlow.Composition;

namespace SslFlow.LocalHost.Composition;

/// <summary>
/// CaaS on the local host: the credential store encrypted with a key derived from the local vault's master key (its own
/// HKDF label, so neither key opens the other's data), the sandbox CA's CaaS provider when the sandbox CA is configured,
/// and the order routes' <see cref="CaasService"/>.
/// </summary>
public static class LocalCaasRegistration
{
    public static IServiceCollection AddLocalCaas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaasCredentialOptions>().Bind(configuration.GetSection(CaasCredentialOptions.Section))
            .PostConfigure<IServiceProvider>((o, sp) =>
            {
                if (string.IsNullOrEmpty(o.EncryptionKey))
                {
                    o.EncryptionKey = CredentialCipher.DeriveKey(LocalVaultMasterKey.Decode(sp.GetRequiredService<AdapterRegistration.MasterKeyHolder>().Key));
                }
            });
        Func<IServiceProvider, SandboxCaOptions>? sandbox = configuration.GetSection(SandboxCaOptions.Section).Exists()
            ? sp => sp.GetRequiredService<IOptions<SandboxCaOptions>>().Value
            : null;
        services.AddCaas(sp => sp.GetRequiredService<IOptions<CaasCredentialOptions>>().Value, sandbox);
        services.AddSingleton<CaasProviders>();

        services.AddOptions<CaasOrderOptions>().Bind(configuration.GetSection(CaasOrderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CaasService(sp.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>(), sp.GetRequiredService<IOrderStore>(),
            sp.GetRequiredService<ICredentialStore>(), sp.GetRequiredService<IOptions<CaasOrderOptions>>().Value,
            sp.GetRequiredService<IOptions<CaasCredentialOptions>>().Value.ReadableFor));
        return services;
    }
}
