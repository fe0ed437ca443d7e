using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Billing;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Inventory;
using SslFlow.Adapters.Orders;
using SslFlow.Adapters.Organizations;
using SslFlow.Adapters.Tables;
using SslFlow.Contracts.Billing;
using SslFlow.Contracts.Challenges;
using SslFlow.Contracts.Installation;
using SslFlow.Contracts.Inventory;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Organizations;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Composition;

/// <summary>The stores both hosts keep in Azure Tables (Azurite locally), registered once for the local host and the Functions app.</summary>
public static class TableStoreRegistration
{
    /// <param name="inventoryTablePrefix">Lets tests that share one Azurite keep their own renewal inventory (and organization profiles).</param>
    public static IServiceCollection AddTableStores(this IServiceCollection services, string inventoryTablePrefix = "")
    {
        // IOrderStore is the host's: it wraps TableOrderStore for order metrics and order-scoped logs (Application's InstrumentedOrderStore).
        services.AddSingleton<TableOrderStore>();
        services.AddSingleton<Http01ChallengeStore>();
        services.AddSingleton<IChallengeResponder>(sp => sp.GetRequiredService<Http01ChallengeStore>());
        services.AddSingleton(sp => new TableCertificateInventory(sp.GetRequiredService<TableServiceClient>(), inventoryTablePrefix));
        services.AddSingleton<ICertificateInventory>(sp => sp.GetRequiredService<TableCertificateInventory>());
        services.AddSingleton<TableBilling>();
        services.AddSingleton<IBilling>(sp => sp.GetRequiredService<TableBilling>());
        services.AddSingleton<TableWebhookReceipts>();
        services.AddSingleton<IWebhookReceipts>(sp => sp.GetRequiredService<TableWebhookReceipts>());
        services.AddSingleton<AcmeOrderIndex>();
        services.AddSingleton<AcmeAccountStore>();
        services.AddSingleton<TableInstallationStore>();
        services.AddSingleton<IInstallationStore>(sp => sp.GetRequiredService<TableInstallationStore>());
        services.AddSingleton(sp => new TableOrganizationProfileStore(sp.GetRequiredService<TableServiceClient>(), inventoryTablePrefix));
        services.AddSingleton<IOrganizationProfileStore>(sp => sp.GetRequiredService<TableOrganizationProfileStore>());
        services.AddSingleton<ServiceTables>();
        return services;
    }
}
