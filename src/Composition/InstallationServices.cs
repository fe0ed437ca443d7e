using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Installation;
using SslFlow.Contracts.Installation;

namespace SslFlow.Composition;

/// <summary>
/// The installation services both hosts register from <c>SslFlow:Installation</c>: retry backoff (<c>Workflow:*</c>),
/// customer defaults (<c>Defaults:{caller}</c>), Key Vault consumers, the customer webhook (<c>Webhook:*</c>), the check on
/// the wire (<c>Verifier:*</c>); the hosts add the intake (Application's <c>AddInstallationIntake</c>, customer defaults). Each host adds what only it has — its key export and its own targets —
/// through <paramref name="hostTargets"/>.
/// </summary>
public static class InstallationServices
{
    public const string Section = "SslFlow:Installation";

    public static IServiceCollection AddInstallationServices(this IServiceCollection services, IConfiguration configuration,
        Action<IServiceCollection, IConfigurationSection> hostTargets)
    {
        var section = configuration.GetSection(Section);
        var workflow = new InstallationWorkflowOptions();
        section.GetSection("Workflow").Bind(workflow);
        services.AddSingleton(workflow);

        hostTargets(services, section);
        services.AddSingleton<IInstallTarget, KeyVaultConsumerInstallTarget>();
        if (section.GetSection("Webhook").Exists())
        {
            var webhook = new WebhookInstallOptions();
            section.GetSection("Webhook").Bind(webhook);
            foreach (var secret in section.GetSection("Webhook:Secrets").GetChildren()) webhook.Secrets[secret.Key] = secret.Value ?? "";
            services.AddSingleton<IInstallTarget>(sp => new WebhookInstallTarget(webhook, new HttpClient { Timeout = webhook.Timeout }, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<WebhookInstallTarget>>()));
        }
        services.AddSingleton<InstallTargets>();
        var verifier = new TlsEndpointVerifierOptions();
        section.GetSection("Verifier").Bind(verifier);
        services.AddSingleton<ITlsEndpointVerifier>(sp => new TlsEndpointVerifier(verifier, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TlsEndpointVerifier>>()));
        return services;
    }
}
