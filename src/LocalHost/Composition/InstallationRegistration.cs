using SslFlow.Adapters.Installation;
using SslFlow.Application.Orders;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Vault;
using SslFlow.Composition;

namespace SslFlow.LocalHost.Composition;

/// <summary>
/// Issue 17 on the local host. Settings under <c>SslFlow:Installation</c>:
/// <c>Nginx:*</c> (<see cref="NginxInstallOptions"/>; the nginx target exists only when <c>Nginx:ConfigFile</c> is set),
/// <c>Verifier:*</c> (<see cref="TlsEndpointVerifierOptions"/>; <c>ConnectAddress</c> 127.0.0.1 locally),
/// <c>Webhook:*</c> (<see cref="WebhookInstallOptions"/>), <c>Workflow:*</c> (<see cref="InstallationWorkflowOptions"/>:
/// retry backoff, verify deadline) and <c>Defaults:{caller}</c> (a JSON array of targets per API key name).
/// Key Vault consumers are always available (nothing to push); the local vault exports keys for file targets.
/// </summary>
public static class InstallationRegistration
{
    public const string Section = InstallationServices.Section;

    public static IServiceCollection AddLocalInstallation(this IServiceCollection services, IConfiguration configuration) =>
        services.AddInstallationIntake(configuration).AddInstallationServices(configuration, static (services, section) =>
        {
            services.AddSingleton(sp => sp.GetRequiredService<IVault>() as IKeyExport ?? throw new InvalidOperationException("The vault cannot export keys."));
            if (section["Nginx:ConfigFile"] is { Length: > 0 })
            {
                var nginx = new NginxInstallOptions();
                section.GetSection("Nginx").Bind(nginx);
                services.AddSingleton<IInstallTarget>(sp => new NginxInstallTarget(nginx, sp.GetRequiredService<IKeyExport>(), sp.GetRequiredService<ILogger<NginxInstallTarget>>()));
            }
        });
}
