using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Orders;
using SslFlow.Application.Workflow;
using SslFlow.Domain.Accounts;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Caas;

/// <summary>
/// CaaS orders for the order routes: start the subscription orchestration, deliver the credential to the order's owner
/// (every attempt recorded by the store), cancel, and the credential reads on the order's timeline.
/// </summary>
public sealed class CaasService(DurableTaskClient workflow, IOrderStore orders, ICredentialStore credentials, CaasOrderOptions options, TimeSpan readableFor)
{
    /// <summary>Validates a CaaS order body; the field errors, or the product and term.</summary>
    public IReadOnlyList<(string Field, string Reason)> Validate(CreateOrderRequest body, out CaasProduct? product, out TimeSpan term)
    {
        var errors = new List<(string, string)>();
        product = CaasProductCatalog.Find(body.Product);
        term = TimeSpan.Zero;
        if (product is null) errors.Add(("product", $"Unknown product '{Trim(body.Product ?? "")}'. Known: {string.Join(", ", CaasProductCatalog.All.Select(p => p.Code))}."));
        if (body.Domains is { Count: > 0 }) errors.Add(("domains", "A CaaS subscription has no names: the customer's own ACME client orders the certificates."));
        if (body.Term is null) term = product?.DefaultTerm ?? TimeSpan.Zero;
        else if (CaasProductCatalog.ParseTerm(body.Term) is { } parsed) term = parsed;
        else errors.Add(("term", "Write the term as days ('365d'), years ('1y') or a time span ('365.00:00:00')."));
        if (term != TimeSpan.Zero && (term < options.MinimumTerm || term > TimeSpan.FromDays(CaasProductCatalog.MaxTermDays)))
        {
            errors.Add(("term", $"From {options.MinimumTerm} to {CaasProductCatalog.MaxTermDays} days."));
        }
        if (body.ContactEmail is { Length: > 254 }) errors.Add(("contactEmail", "At most 254 characters."));
        if (body.OrganizationName is { Length: > 200 }) errors.Add(("organizationName", "At most 200 characters."));
        if (product is { NeedsOrganization: true } && string.IsNullOrWhiteSpace(body.OrganizationName)) errors.Add(("organizationName", "Required for an OV subscription."));
        // Certificate orders' subject fields: a subscription would drop them without a word, so the caller learns it here.
        const string NotUsed = "Not used by a CaaS subscription; use organizationName.";
        if (body.OrganizationProfileId is not null) errors.Add(("organizationProfileId", NotUsed));
        if (body.Organization is not null) errors.Add(("organization", NotUsed));
        if (body.Contacts is not null) errors.Add(("contacts", NotUsed));
        if (body.Person is not null) errors.Add(("person", NotUsed));
        return errors;
    }

    public async Task<OrderAccepted> CreateAsync(CaasProduct product, TimeSpan term, CreateOrderRequest body, string caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var orderId = OrderIds.For(caller, idempotencyKey);
        var settings = new CaasSettings(readableFor, options.RefundWindow, options.ValidationPollInterval, options.ValidationDeadline, options.RemindBefore.ToList());
        var input = new CaasSubscriptionInput(orderId, product.Code, term, options.Provider, caller, body.ContactEmail, body.OrganizationName, settings,
            Revision: CaasSubscriptionInput.CurrentRevision);
        return new(orderId, await workflow.TryStartAsync(nameof(CaasSubscriptionOrchestration), input, orderId, cancellationToken));
    }

    /// <summary>
    /// The credential for whoever may see the order under the order routes' rule (<see cref="OrderAccess.CanSee"/>): its
    /// customer, or an operator acting for it. Anyone else is told the order does not exist (404), never whose it is. The
    /// read is recorded under the reader's account id.
    /// </summary>
    public async Task<CredentialRead> ReadAsync(string orderId, Account caller, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null || !CaasProductCatalog.IsCaas(order.ProductCode) || !OrderAccess.CanSee(caller, order.Customer))
        {
            return new CredentialRead(CredentialReadOutcome.NotFound, null, null, null, null);
        }
        return await credentials.ReadAsync(orderId, caller.Id, cancellationToken);
    }

    /// <summary>
    /// Renewal of an ACTIVE subscription's term by <paramref name="term"/> (null: the product's default term). The route
    /// checked that the caller may see the order; the subscription's orchestration hears <see cref="CaasEvents.Renew"/>,
    /// has the CA extend the term and records the new end. With an <paramref name="idempotencyKey"/> the event carries it
    /// (namespaced by the caller's account, <see cref="RenewalKey"/>) and the orchestration applies it once. Refused when
    /// the term ends within <see cref="CaasOrderOptions.RenewCutoff"/> of <paramref name="now"/>.
    /// </summary>
    public async Task<LifecycleResult> RenewAsync(string orderId, string? term, Account caller, string? idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null) return new(LifecycleOutcome.NotFound, null, null);
        if (CaasProductCatalog.Find(order.ProductCode) is not { } product)
        {
            return new(LifecycleOutcome.WrongState, null, "Only Certificate-as-a-Service subscriptions are renewed on request; certificates renew automatically before they expire.");
        }
        var length = product.DefaultTerm;
        if (term is not null)
        {
            if (term.Length > 30 || CaasProductCatalog.ParseTerm(term) is not { } parsed)
            {
                return new(LifecycleOutcome.Invalid, null, null, [("term", "Write the term as days ('365d'), years ('1y') or a time span ('365.00:00:00').")]);
            }
            length = parsed;
        }
        if (length < options.MinimumTerm || length > TimeSpan.FromDays(CaasProductCatalog.MaxTermDays))
        {
            return new(LifecycleOutcome.Invalid, null, null, [("term", $"From {options.MinimumTerm} to {CaasProductCatalog.MaxTermDays} days.")]);
        }
        if (order.Status != OrderStatus.Active)
        {
            return new(LifecycleOutcome.WrongState, null, $"A subscription that is {order.Status.Display()} cannot be renewed; only an ACTIVE one can.");
        }
        if (order.NotAfter is { } end && end - now <= options.RenewCutoff)
        {
            return new(LifecycleOutcome.WrongState, null,
                $"The term ends at {end:u}, within {options.RenewCutoff.TotalMinutes:0.##} minutes: too late to renew this subscription; order a new one.");
        }
        var request = new CaasRenewRequest(length, caller.IsOperator ? OrderActor.Operator : OrderActor.Customer, caller.Id,
            idempotencyKey is null ? null : RenewalKey(caller.Id, idempotencyKey));
        if (!await workflow.TryRaiseEventAsync(orderId, CaasEvents.Renew, request, cancellationToken))
        {
            return new(LifecycleOutcome.WrongState, null, "The subscription has no running workflow.");
        }
        return new(LifecycleOutcome.Started, orderId, $"The term will be extended by {length.TotalDays:0.##} days from its current end ({order.NotAfter:u}); the EAB key stays the same.");
    }

    /// <summary>
    /// A renewal's idempotency key as the orchestration keeps it: namespaced by the caller's account (two customers' keys
    /// never collide) and hashed to a fixed length (the orchestration state carries the last keys).
    /// </summary>
    public static string RenewalKey(string accountId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}\n{idempotencyKey}")))[..32];

    /// <summary>
    /// Cancel of a CaaS order, or null when the order is not one (the certificate path handles it). Before activation or
    /// inside the refund window the orchestration hears the orders' cancel event; it deactivates, destroys and refunds.
    /// </summary>
    public async Task<LifecycleResult?> TryCancelAsync(string orderId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null || !CaasProductCatalog.IsCaas(order.ProductCode)) return null;
        var waiting = order.Status is OrderStatus.PendingActivation or OrderStatus.ActivationInProgress;
        if (!waiting && order.Status != OrderStatus.Active)
        {
            return new(LifecycleOutcome.WrongState, null, $"A subscription that is {order.Status.Display()} cannot be cancelled.");
        }
        if (order.Status == OrderStatus.Active && order.NotBefore is { } activeAt && now - activeAt > options.RefundWindow)
        {
            return new(LifecycleOutcome.WrongState, null, $"Active for more than {options.RefundWindow.TotalDays:0.##} days: outside the refund window.");
        }
        if (!await workflow.TryRaiseEventAsync(orderId, OrderEvents.Cancel, new CancelRequest(reason, "customer"), cancellationToken))
        {
            return new(LifecycleOutcome.WrongState, null, "The subscription has no running workflow.");
        }
        return new(LifecycleOutcome.Started, orderId, "The EAB key will be deactivated at the CA and the order refunded.");
    }

    /// <summary>The view with every credential read attempt merged into its timeline (who, when, outcome; never the secret).</summary>
    public async Task<OrderView> WithReadsAsync(OrderView view, CancellationToken cancellationToken)
    {
        if (!CaasProductCatalog.IsCaas(view.Product)) return view;
        var reads = await credentials.GetReadsAsync(view.OrderId, cancellationToken);
        if (reads.Count == 0) return view;
        var entries = reads.Select(r => new TransitionView(r.At, null, view.Status, null, "credentials-read", r.Reader, $"Credentials read: {r.Outcome}"));
        return view with { Transitions = view.Transitions.Concat(entries).OrderBy(t => t.At).ToList() };
    }

    private static string Trim(string value) => value.Length > 100 ? value[..100] : value;
}
