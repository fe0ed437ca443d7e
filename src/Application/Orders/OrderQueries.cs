using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Orders;

/// <summary>Reads of orders: one order's view (also before its first step ran), lists, the CA-reference search and the certificate chain.</summary>
public sealed class OrderQueries(DurableTaskClient workflow, IOrderStore orders, IVault vault, InstallationIntake? installation = null)
{
    /// <summary>The current certificate and its chain as PEM (certificates only: the private key never leaves the vault).</summary>
    public async Task<string?> GetChainPemAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order?.CertificateName is not { } name || order.SerialNumber is null) return null;
        var cert = await vault.GetCertificateAsync(name, cancellationToken);
        return cert is null ? null : string.Concat(cert.ChainDer.Select(der => System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", der) + "\n"));
    }

    public async Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var record = await orders.GetAsync(orderId, cancellationToken);
        // The input is read only for an order whose first step has not run yet.
        var instance = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: record is null, cancellationToken);
        if (record is null)
        {
            // Accepted but the first step has not run yet: the orchestration input is the order.
            var input = instance?.SerializedInput is not null ? instance.ReadInputAs<OrderInput>() : null;
            if (input is null) return null;
            return new OrderView(orderId, OrderStatus.PendingActivation.Display(), null, ResellerStates.Of(OrderStatus.PendingActivation), input.ProductCode,
                input.DnsNames, input.DcvMethod.ToString(), null, null, null, null, null, instance!.CreatedAt, instance.LastUpdatedAt,
                instance.RuntimeStatus.ToString(), [], input.Warnings ?? [], OrganizationProfileId: input.OrganizationProfileId,
                Customer: input.Customer, Subject: SubjectView.Of(input.Subject)) { Mailbox = MailboxOf(input.ProductCode, input.DnsNames) };
        }
        var transitions = await orders.GetTransitionsAsync(orderId, cancellationToken);
        var view = ToView(record, instance, transitions);
        return installation is null ? view : view with { Installations = await installation.ListAsync(orderId, cancellationToken) };
    }

    public async Task<OrderListView> ListAsync(OrderStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await orders.ListAsync(status?.ToString(), pageSize, continuationToken, cancellationToken);
        return new OrderListView(page.Orders.Select(o => ToView(o, null, [])).ToList(), Http.PageTokens.Encode(page.ContinuationToken));
    }

    /// <summary>A list limited to <paramref name="customer"/>'s orders (null: every order, for operators).</summary>
    public async Task<OrderListView> ListAsync(OrderStatus? status, int pageSize, string? continuationToken, string? customer, CancellationToken cancellationToken)
    {
        if (customer is null) return await ListAsync(status, pageSize, continuationToken, cancellationToken);
        var page = await orders.ListForCustomerAsync(customer, status?.ToString(), pageSize, continuationToken, cancellationToken);
        return new OrderListView(page.Orders.Select(o => ToView(o, null, [])).ToList(), Http.PageTokens.Encode(page.ContinuationToken));
    }

    /// <summary>The order that has this CA reference, as a list of zero or one (the same shape as <see cref="ListAsync"/>).</summary>
    public async Task<OrderListView> FindByCaReferenceAsync(string caReference, CancellationToken cancellationToken)
    {
        var orderId = await orders.FindOrderIdByCaReferenceAsync(caReference, cancellationToken);
        var view = orderId is null ? null : await GetAsync(orderId, cancellationToken);
        return new OrderListView(view is null ? [] : [view], null);
    }

    private static OrderView ToView(OrderRecord o, OrchestrationMetadata? instance, IReadOnlyList<OrderTransition> transitions) => new(
        o.OrderId, o.Status.Display(), o.SubStatus.Display(), ResellerStates.Of(o.Status), o.ProductCode, o.DnsNames, o.DcvMethod,
        o.CaReference, o.SerialNumber, o.NotBefore, o.NotAfter, o.LastError, o.CreatedAt, o.UpdatedAt,
        instance?.RuntimeStatus.ToString(),
        transitions.Select(t => new TransitionView(t.At, t.From?.Display(), t.To.Display(), t.SubStatus.Display(), TransitionCause.CodeOf(t.Cause), t.Actor.ToString(), t.Detail)).ToList(),
        o.Warnings ?? [], Mailbox: MailboxOf(o.ProductCode, o.DnsNames), OrganizationProfileId: o.OrganizationProfileId,
        Customer: o.Customer, Subject: SubjectView.Of(o.Subject));

    /// <summary>An S/MIME order's one name is its mailbox (null for TLS, and for a purchase not activated yet).</summary>
    private static string? MailboxOf(string productCode, IReadOnlyList<string> names) =>
        names.Count > 0 && Domain.Products.ProductCatalog.Find(productCode) is { IsSmime: true } ? names[0] : null;
}
