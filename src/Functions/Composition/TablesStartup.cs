using Microsoft.Extensions.Hosting;
using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Billing;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Inventory;
using SslFlow.Adapters.Orders;

namespace SslFlow.Functions.Composition;

/// <summary>Creates the app's tables once per instance (idempotent); Durable's task hub tables are the extension's.</summary>
public sealed class TablesStartup(TableOrderStore orders, Http01ChallengeStore challenges, AcmeOrderIndex acmeOrders,
    TableCertificateInventory inventory, TableBilling billing, TableWebhookReceipts receipts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await orders.EnsureCreatedAsync(cancellationToken);
        await challenges.EnsureCreatedAsync(cancellationToken);
        await acmeOrders.EnsureCreatedAsync(cancellationToken);
        await inventory.EnsureCreatedAsync(cancellationToken);
        await billing.EnsureCreatedAsync(cancellationToken);
        await receipts.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
