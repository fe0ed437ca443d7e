using Microsoft.DurableTask.Client;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Application.Orders;

/// <summary>
/// The order use cases the order routes call, one small class each: both hosts hand the routes this record (the local
/// host from its container, the Functions app per invocation over that call's <c>[DurableClient]</c>).
/// </summary>
public sealed record OrderUseCases(OrderPlacement Placement, OrderLifecycle Lifecycle, OrderQueries Queries, OrderVisibility Visibility)
{
    /// <summary>All four over one workflow client (the Functions app's binding is per call; tests build them so too).</summary>
    public static OrderUseCases Create(DurableTaskClient workflow, IOrderStore orders, IVault vault, CertificateAuthorities authorities, OrderServiceOptions options,
        InstallationIntake? installation = null) => new(
        new OrderPlacement(workflow, orders, authorities, options, installation),
        new OrderLifecycle(workflow, orders, vault, authorities, options, installation),
        new OrderQueries(workflow, orders, vault, installation),
        new OrderVisibility(workflow, orders));
}
