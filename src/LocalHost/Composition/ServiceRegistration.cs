using SslFlow.Adapters.Tables;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SslFlow.Activities.Ports;
using SslFlow.Adapters.Orders;
using SslFlow.Application.Operator;
using SslFlow.Application.Orders;
using SslFlow.Application.Renewal;
using SslFlow.Application.Security;
using SslFlow.Application.Webhooks;
using SslFlow.Engine.Hosting;
using SslFlow.Engine.Replay;
using SslFlow.Engine.Store;
using SslFlow.Workflow.Abstractions;
using SslFlow.Workflow.Catalog;

namespace SslFlow.LocalHost.Composition;

/// <summary>Wires the local host: embedded engine over Azure Tables, the workflow catalog, adapters, intake.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddSslFlowLocal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalHostOptions>().Bind(configuration.GetSection(LocalHostOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ApiKeys.Keys.All(k => k.Length >= 24), "API keys must be at least 24 characters.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TableServiceClient(Options(sp).TablesConnectionString));

        // Engine
        services.AddSingleton(sp => new TableDurableStore(sp.GetRequiredService<TableServiceClient>(), Options(sp).TaskHub));
        services.AddSingleton<IDurableStore>(sp => sp.GetRequiredService<TableDurableStore>());
        services.AddSingleton(sp =>
        {
            var registry = new OrchestratorRegistry();
            var crashAfter = Options(sp).Testing.CrashAfterActivity;
            foreach (var o in WorkflowCatalog.Orchestrations) registry.AddOrchestrator(o.Name, o.Run);
            foreach (var a in WorkflowCatalog.Activities)
            {
                registry.AddActivity(a.Name, a.Name != crashAfter ? a.Run : async (services, json, ct) =>
                {
                    var result = await a.Run(services, json, ct);
                    // Fault injection for crash tests: die like kill -9 after the activity's effect, before its result is journalled.
                    System.Diagnostics.Process.GetCurrentProcess().Kill();
                    return result;
                });
            }
            return registry;
        });
        var engineOptions = new EngineOptions();
        configuration.GetSection("SslFlow:Engine").Bind(engineOptions);
        services.AddSingleton(sp => new DurableEngine(sp.GetRequiredService<IDurableStore>(), sp.GetRequiredService<OrchestratorRegistry>(), sp,
            sp.GetRequiredService<TimeProvider>(), engineOptions, sp.GetRequiredService<ILogger<DurableEngine>>()));
        services.AddSingleton<IWorkflowClient>(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.AddHostedService<EngineHostedService>();

        // Activities resolve per call (they are stateless over singletons).
        foreach (var a in WorkflowCatalog.Activities) services.AddTransient(a.ActivityType);

        // Adapters
        services.AddTableStores(configuration["SslFlow:Inventory:TablePrefix"] ?? "");
        services.AddSingleton<CertificateAuthorities>();
        services.AddLocalAdapters(configuration);

        // Intake
        services.AddSingleton(sp => new ApiKeyAuthentication(Options(sp).ApiKeys));
        services.AddSingleton(sp => new IntakeOptions { AllowTestNames = Options(sp).AllowTestNames });
        services.AddOptions<OrderServiceOptions>().Bind(configuration.GetSection("SslFlow:Orders")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrderServiceOptions>>().Value);
        services.AddSingleton<OrderService>();
        services.AddSingleton(sp => new WebhookOptions { Secrets = Options(sp).WebhookSecrets });
        services.AddSingleton(sp => new WebhookVerifier(sp.GetRequiredService<TimeProvider>()));
        services.AddSslFlowOperator(configuration);
        services.AddSingleton<RenewalScheduler>();
        services.AddHostedService<RenewalTimer>();
        return services;
    }

    internal static LocalHostOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<LocalHostOptions>>().Value;
}
