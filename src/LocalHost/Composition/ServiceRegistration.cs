using SslFlow.Adapters.Tables;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SslFlow.Adapters.Orders;
using SslFlow.Application.Operator;
using SslFlow.Application.Orders;
using SslFlow.Application.Renewal;
using SslFlow.Application.Security;
using SslFlow.Application.Webhooks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using SslFlow.DurableBridge;
using SslFlow.Workflow;
using SslFlow.Workflow.Catalog;
using SslFlow.Activities;
using SslFlow.Activities.Renewal;
using SslFlow.Application.Telemetry;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Inventory;
using SslFlow.Composition;

namespace SslFlow.LocalHost.Composition;

/// <summary>Wires the local host: the workflow on the Durable Task Framework over Azure Storage, adapters, intake.</summary>
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

        // The workflow on the Durable Task Framework with its Azure Storage provider (Azurite locally): the same
        // DurableTaskRegistry the Functions app's one-line wrappers stand for, run through the SDK's shims.
        services.AddHostedService<ServiceTablesStartup>(); // before the worker: activities write to these tables
        services.AddAzureStorageOrchestrationService(o =>
        {
            configuration.GetSection(DurableSection).Bind(o);
            if (string.IsNullOrWhiteSpace(o.ConnectionString) && string.IsNullOrWhiteSpace(o.AccountName))
            {
                o.ConnectionString = configuration[$"{LocalHostOptions.Section}:{nameof(LocalHostOptions.TablesConnectionString)}"];
            }
            if (string.IsNullOrWhiteSpace(o.TaskHubName)) o.TaskHubName = configuration[$"{LocalHostOptions.Section}:{nameof(LocalHostOptions.TaskHub)}"] ?? "SslFlowHub";
        });
        services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(Register);
            b.Configure(o => o.DataConverter = new JsonDataConverter(WorkflowJson.Options));
            b.UseOrchestrationService();
        });
        services.AddDurableTaskClient(b =>
        {
            b.Configure(o => o.DataConverter = new JsonDataConverter(WorkflowJson.Options));
            b.UseOrchestrationService();
        });

        // Activities resolve per call (they are stateless over singletons).
        foreach (var a in ActivityCatalog.Activities) services.AddTransient(a.Type);

        // Adapters
        services.AddTableStores(configuration["SslFlow:Inventory:TablePrefix"] ?? "");
        services.AddInstrumentedOrderStore<TableOrderStore>();
        services.AddSingleton<RenewalInfoLookup>();
        services.AddSingleton<CertificateAuthorities>();
        services.AddLocalAdapters(configuration);
        services.AddLocalCaas(configuration);
        services.AddLocalInstallation(configuration); // issue 17

        // Intake
        services.AddSingleton(sp => AccountConfiguration.Authentication(configuration, Options(sp).ApiKeys));
        services.AddSingleton(sp => new IntakeOptions { AllowTestNames = Options(sp).AllowTestNames });
        services.AddOptions<OrderServiceOptions>().Bind(configuration.GetSection("SslFlow:Orders")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrderServiceOptions>>().Value);
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderLifecycle>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<OrderVisibility>();
        services.AddSingleton<OrderUseCases>();
        services.AddSingleton<Application.Organizations.OrganizationProfileService>();
        services.AddSingleton(sp => new WebhookOptions { Secrets = Options(sp).WebhookSecrets });
        services.AddSingleton(sp => new WebhookVerifier(sp.GetRequiredService<TimeProvider>()));
        services.AddSslFlowOperator(configuration);
        services.AddSingleton(sp => new RenewalScheduler(sp.GetRequiredService<ICertificateInventory>(), sp.GetRequiredService<DurableTaskClient>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RenewalScheduler>>(),
            configuration.GetSection(WorkflowSection).Get<WorkflowTimings>()));
        services.AddHostedService<RenewalTimer>();
        return services;
    }

    /// <summary>The Durable Task Framework's Azure Storage settings (<see cref="AzureStorageHubOptions"/>); connection and hub default to the service's own.</summary>
    public const string DurableSection = "SslFlow:Durable";

    /// <summary>Workflow durations (<see cref="WorkflowTimings"/>) the local host carries into the instances it starts; empty = production values.</summary>
    public const string WorkflowSection = "SslFlow:Workflow";

    /// <summary>
    /// The workflow catalog. Activities are created per call from the container (they are registered transient above) and
    /// handed to each <see cref="IActivityDecorator"/> registered, none in the service itself.
    /// </summary>
    private static void Register(DurableTaskRegistry registry)
    {
        foreach (var o in WorkflowCatalog.Orchestrators) registry.AddOrchestrator(o.Name, o.Type);
        foreach (var a in ActivityCatalog.Activities)
        {
            registry.AddActivity(a.Name, sp => sp.GetServices<IActivityDecorator>()
                .Aggregate((ITaskActivity)sp.GetRequiredService(a.Type), (activity, decorator) => decorator.Decorate(a.Name, activity)));
        }
    }

    internal static LocalHostOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<LocalHostOptions>>().Value;
}
