using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Adapters.Caas;
using SslFlow.Contracts.Caas;
using SslFlow.Composition;

namespace SslFlow.Functions.Composition;

/// <summary>
/// CaaS on Functions: the credential store when <c>SslFlow:CaasCredentials:EncryptionKey</c> is set (a Key Vault
/// reference), otherwise one that refuses to store; no CaaS provider yet (the sandbox CA is local only; a commercial CA's
/// EAB API gets an adapter). The CaaS activities resolve either way.
/// </summary>
public static class FunctionsCaas
{
    public static IServiceCollection AddFunctionsCaas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CaasProviders>();
        var section = configuration.GetSection(CaasCredentialOptions.Section);
        if (!string.IsNullOrEmpty(section[nameof(CaasCredentialOptions.EncryptionKey)]))
        {
            services.AddCaas(_ =>
            {
                var options = new CaasCredentialOptions();
                section.Bind(options);
                return options;
            });
        }
        else
        {
            services.AddSingleton<ICredentialStore, UnconfiguredCredentialStore>();
        }
        return services;
    }
}
