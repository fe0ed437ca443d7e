using SslFlow.Adapters.Dns;
using SslFlow.Adapters.Tables;
using Azure.Core;
using Azure.Core.Serialization;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Inventory;
using SslFlow.Adapters.Notifications.AcsEmail;
using SslFlow.Adapters.Orders;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Application.Telemetry;
using SslFlow.Application.Webhooks;
using SslFlow.Vault.KeyVault;
using SslFlow.Workflow;
using SslFlow.Workflow.Catalog;
using SslFlow.Activities;
using SslFlow.Activities.Renewal;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Vault;
using SslFlow.Composition;

namespace SslFlow.Functions.Composition;

/// <summary>
/// Wires the Functions app: the managed identity (DefaultAzureCredential; AZURE_CLIENT_ID picks the user-assigned one)
/// for Key Vault, Tables and ACS; the same adapters, activities and application services as the local host; one JSON
/// shape for Durable payloads; OpenTelemetry to Application Insights.
/// </summary>
public static class FunctionsComposition
{
    public static IServiceCollection AddSslFlowFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FunctionsAppOptions>().Bind(configuration.GetSection(FunctionsAppOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ApiKeys.Values.All(k => k.Length >= 24), "API keys must be at least 24 characters.")
            .Validate(o => o.WebhookSecrets.Values.All(s => s.Count > 0), "A CA listed under WebhookSecrets needs at least one secret.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        // One credential (and token cache) for Key Vault, Tables, ACS and the telemetry exporter.
        var credential = new DefaultAzureCredential();
        services.AddSingleton<TokenCredential>(credential);

        // Durable payloads (inputs, outputs, events, custom status) in the same JSON as the local host (WorkflowJson), so
        // the order use cases read them the same way on both hosts.
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(WorkflowJson.Options));

        // Azure clients
        services.AddSingleton(sp => new TableServiceClient(new Uri(Options(sp).TablesEndpoint), sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton<IVault>(sp => KeyVaultVault.Create(new Uri(Options(sp).KeyVaultUri), sp.GetRequiredService<TokenCredential>(),
            timeProvider: sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<KeyVaultVault>>()));
        // The ACME account keys: Key Vault keys that sign in the vault, shared by every instance (Key Vault Crypto User).
        services.AddSingleton<IAccountKeyVault>(sp => KeyVaultAccountKeys.Create(new Uri(Options(sp).KeyVaultUri), sp.GetRequiredService<TokenCredential>(),
            timeProvider: sp.GetRequiredService<TimeProvider>(), logger: sp.GetRequiredService<ILogger<KeyVaultAccountKeys>>()));
        services.AddSingleton<INotifier>(sp => new AcsEmailNotifier(
            new AcsEmailOptions { Endpoint = new Uri(Options(sp).EmailEndpoint), SenderAddress = Options(sp).EmailSender },
            sp.GetRequiredService<TokenCredential>(), sp.GetRequiredService<ILogger<AcsEmailNotifier>>()));

        // Stores (Azure Tables)
        services.AddTableStores();
        services.AddInstrumentedOrderStore<TableOrderStore>();
        services.AddSingleton<RenewalInfoLookup>();
        services.AddHostedService<TablesStartup>();
        // dns-01 through the DNS provider of each name's zone (SslFlow:Dns:Zones), the same settings as the local host.
        services.AddDnsProviders(configuration);

        // Certificate authority
        services.AddSingleton<ICertificateAuthority>(sp =>
        {
            var acme = Options(sp).Acme;
            return new AcmeCertificateAuthority(new AcmeOptions
            {
                Name = "acme",
                DirectoryUrl = new Uri(acme.DirectoryUrl),
                EabKeyId = acme.EabKeyId,
                EabHmacKey = acme.EabHmacKey,
                EabAlgorithm = acme.EabAlgorithm,
                Profile = string.IsNullOrEmpty(acme.Profile) ? null : acme.Profile, // the Bicep sets '' for none
                PreferredChain = string.IsNullOrEmpty(acme.PreferredChain) ? null : acme.PreferredChain,
                AccountEmail = acme.AccountEmail,
            }, sp.GetRequiredService<AcmeOrderIndex>(), sp.GetRequiredService<AcmeAccountStore>(), sp.GetRequiredService<IAccountKeyVault>(),
                sp.GetRequiredService<ILogger<AcmeCertificateAuthority>>(), time: sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<CertificateAuthorities>();
        services.AddFunctionsCaas(configuration);
        services.AddInstallation(configuration); // issue 17

        // Activities (one Functions activity each; resolved per call, stateless over singletons)
        foreach (var a in ActivityCatalog.Activities) services.AddTransient(a.Type);

        // Application services shared with the local host
        services.AddSingleton(sp => AccountConfiguration.Authentication(configuration, Options(sp).ApiKeys.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal)));
        services.AddSingleton(sp => new IntakeOptions { AllowTestNames = Options(sp).AllowTestNames });
        // Same section and validation as the local host (SslFlow:Orders; defaults when absent).
        services.AddOptions<OrderServiceOptions>().Bind(configuration.GetSection("SslFlow:Orders")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrderServiceOptions>>().Value);
        services.AddSingleton(sp => new WebhookOptions { Secrets = new(Options(sp).WebhookSecrets, StringComparer.OrdinalIgnoreCase) });
        services.AddSingleton(sp => new WebhookVerifier(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkflowServices>();
        services.AddSingleton<Application.Organizations.OrganizationProfileService>();

        services.AddSslFlowTelemetry(configuration, credential);

        return services;
    }

    /// <summary>
    /// Telemetry the Functions way (host.json sets telemetryMode OpenTelemetry): the worker exports its own logs,
    /// traces and the SslFlow meter with OpenTelemetry. UseFunctionsWorkerDefaults adds the Functions resource
    /// attributes and tells the host (a worker capability) that the worker exports, so the host stops forwarding
    /// worker logs a second time and the worker's records carry the invocation's trace context.
    /// </summary>
    public static IServiceCollection AddSslFlowTelemetry(this IServiceCollection services, IConfiguration configuration, TokenCredential credential)
    {
        var otel = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(m => m.AddMeter(SslFlowMetrics.MeterName))
            // Logs keep their OrderId/CaReference scopes as custom dimensions.
            .WithLogging(_ => { }, o => o.IncludeScopes = true);
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            // Local auth is off on the Application Insights resource: the connection string only says where, the
            // managed identity signs in (Monitoring Metrics Publisher).
            otel.UseAzureMonitorExporter(o => o.Credential = credential);
        }

        return services;
    }

    internal static FunctionsAppOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<FunctionsAppOptions>>().Value;
}
