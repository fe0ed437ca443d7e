using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Caas;
using SslFlow.Adapters.SandboxCa;
using SslFlow.Contracts.Caas;

namespace SslFlow.Composition;

/// <summary>
/// CaaS for a host: the credential store (Tables, needs a <see cref="TableServiceClient"/> and a <see cref="TimeProvider"/>)
/// and, when the host has the sandbox CA, its CaaS provider. Options come from the host's configuration; the encryption
/// key locally from <see cref="CredentialCipher.DeriveKey"/> of the vault's master key, in Azure from a Key Vault reference.
/// </summary>
public static class CaasRegistration
{
    public static IServiceCollection AddCaas(this IServiceCollection services, Func<IServiceProvider, CaasCredentialOptions> credentialOptions,
        Func<IServiceProvider, SandboxCaOptions>? sandbox = null)
    {
        services.AddSingleton(sp => new TableCredentialStore(sp.GetRequiredService<TableServiceClient>(), credentialOptions(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TableCredentialStore>>()));
        services.AddSingleton<ICredentialStore>(sp => sp.GetRequiredService<TableCredentialStore>());
        if (sandbox is not null)
        {
            services.AddSingleton<ICaasProvider>(sp => new SandboxCaasProvider(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, sandbox(sp),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SandboxCaasProvider>>()));
        }
        return services;
    }
}
