using Microsoft.DurableTask.Client;
using SslFlow.Application.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;

namespace SslFlow.Functions.Composition;

/// <summary>
/// The application services over the <c>[DurableClient]</c> of one invocation: the binding is per call, everything
/// else is a singleton, so triggers build the service here and hand it to the shared handlers.
/// </summary>
public sealed class WorkflowServices(IOrderStore orders, IVault vault, CertificateAuthorities authorities, OrderServiceOptions options,
    InstallationIntake? installation = null)
{
    public OrderUseCases Orders(DurableTaskClient client) => OrderUseCases.Create(client, orders, vault, authorities, options, installation);
}
