using SslFlow.Engine.Hosting;
using SslFlow.Engine.Store;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Orders;
using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Billing;
using SslFlow.Adapters.Inventory;

namespace SslFlow.LocalHost.Composition;

/// <summary>Creates the tables, then runs the engine; on shutdown the engine lets running activities finish.</summary>
public sealed class EngineHostedService(DurableEngine engine, TableDurableStore store, TableOrderStore orders, Http01ChallengeStore challenges,
    AcmeOrderIndex acmeOrders, TableCertificateInventory inventory, TableBilling billing, TableWebhookReceipts receipts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        await orders.EnsureCreatedAsync(cancellationToken);
        await challenges.EnsureCreatedAsync(cancellationToken);
        await acmeOrders.EnsureCreatedAsync(cancellationToken);
        await inventory.EnsureCreatedAsync(cancellationToken);
        await billing.EnsureCreatedAsync(cancellationToken);
        await receipts.EnsureCreatedAsync(cancellationToken);
        await engine.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync();
}
