using SslFlow.Adapters.Acme;
using SslFlow.Adapters.Billing;
using SslFlow.Adapters.Challenges;
using SslFlow.Adapters.Inventory;
using SslFlow.Adapters.Orders;
using SslFlow.Adapters.Organizations;

namespace SslFlow.Adapters.Tables;

/// <summary>The service's own tables (the workflow engine's are its own); both hosts create them at start, idempotently.</summary>
public sealed class ServiceTables(TableOrderStore orders, Http01ChallengeStore challenges, AcmeOrderIndex acmeOrders, AcmeAccountStore acmeAccounts,
    TableCertificateInventory inventory, TableBilling billing, TableWebhookReceipts receipts, TableInstallationStore installations,
    TableOrganizationProfileStore profiles)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await orders.EnsureCreatedAsync(cancellationToken);
        await challenges.EnsureCreatedAsync(cancellationToken);
        await acmeOrders.EnsureCreatedAsync(cancellationToken);
        await acmeAccounts.EnsureCreatedAsync(cancellationToken);
        await inventory.EnsureCreatedAsync(cancellationToken);
        await billing.EnsureCreatedAsync(cancellationToken);
        await receipts.EnsureCreatedAsync(cancellationToken);
        await installations.EnsureCreatedAsync(cancellationToken);
        await profiles.EnsureCreatedAsync(cancellationToken);
    }
}
