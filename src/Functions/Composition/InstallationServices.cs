using Azure.Core;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SslFlow.Adapters.Installation;
using SslFlow.Application.Orders;
using SslFlow.Vault.KeyVault;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;
using SslFlow.Composition;

namespace SslFlow.Functions.Composition;

/// <summary>
/// Issue 17 in Azure (section <c>SslFlow:Installation</c>): App Service bindings through ARM with the managed identity
/// (<c>AppService:*</c>; only when <c>AppService:KeyVaultResourceId</c> is set), Key Vault consumers, the customer webhook
/// (<c>Webhook:*</c>), the check on the wire (<c>Verifier:*</c>), retry backoff (<c>Workflow:*</c>) and customer defaults
/// (<c>Defaults:{caller}</c>). No nginx here: file targets belong to hosts that own the web server. Keys are exported
/// only where the Key Vault policy allows (<see cref="KeyVaultKeyExport"/>).
/// </summary>
public static class InstallationServices
{
    public const string Section = SslFlow.Composition.InstallationServices.Section;

    public static IServiceCollection AddInstallation(this IServiceCollection services, IConfiguration configuration) =>
        services.AddInstallationIntake(configuration).AddInstallationServices(configuration, static (services, section) =>
        {
            services.AddSingleton<IKeyExport>(sp =>
            {
                var vault = new Uri(sp.GetRequiredService<IOptions<FunctionsAppOptions>>().Value.KeyVaultUri);
                var credential = sp.GetRequiredService<TokenCredential>();
                return new KeyVaultKeyExport(new CertificateClient(vault, credential), new SecretClient(vault, credential), sp.GetRequiredService<ILogger<KeyVaultKeyExport>>());
            });
            if (section["AppService:KeyVaultResourceId"] is { Length: > 0 })
            {
                var appService = new AppServiceInstallOptions();
                section.GetSection("AppService").Bind(appService);
                services.AddSingleton<IInstallTarget>(sp => new AppServiceInstallTarget(appService, sp.GetRequiredService<TokenCredential>(), null,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AppServiceInstallTarget>>()));
            }
        });
}
