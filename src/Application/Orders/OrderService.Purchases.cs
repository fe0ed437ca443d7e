using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Domain.Purchases;
using SslFlow.Workflow.Orchestrations;

namespace SslFlow.Application.Orders;

/// <summary>Saved orders: bought now (PENDING ACTIVATION), activated later with their names and organization details.</summary>
public sealed partial class OrderService
{
    /// <summary>
    /// Starts the order's orchestration with no names: it records the order PENDING ACTIVATION and waits for its activation
    /// (durably: across restarts), reminding the customer and refunding it when it lapses (<see cref="SavedOrderPolicy"/>).
    /// </summary>
    public async Task<Accepted> CreatePurchaseAsync(Purchase purchase, string? contactEmail, string caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var orderId = idempotencyKey is null ? NewOrderId() : DerivedOrderId(caller, idempotencyKey);
        var policy = SavedOrderPolicy.Default;
        var saved = new SavedOrderSettings(DateTimeOffset.UtcNow, options.SavedOrderReminders ?? [.. policy.RemindAfter], options.SavedOrderExpiry ?? policy.ExpireAfter, purchase.ExtraSans);
        // The CA is chosen at activation, when the DCV method is known; until then the validated CA stands in the record.
        var input = new OrderInput(orderId, purchase.Product.Code, [], Contracts.CertificateAuthorities.DcvMethod.Email, contactEmail, options.ValidatedCa, Customer: caller,
            ValidationPollInterval: options.ValidationPollInterval, Saved: saved);
        return new Accepted(orderId, await workflow.TryStartAsync(nameof(OrderOrchestration), input, orderId, cancellationToken));
    }

    /// <summary>Validates the activation against the purchase (product, SANs paid for) and hands it to the waiting order.</summary>
    /// <param name="profile">The organization profile <c>organizationProfileId</c> named (resolved for the order's account): the organization, and the contacts when none are given, come from it.</param>
    public async Task<LifecycleResult> ActivateAsync(string orderId, ActivationRequest? request, DateOnly today, bool allowTestNames, CancellationToken cancellationToken,
        Domain.Organizations.OrganizationProfile? profile = null)
    {
        var instance = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.Name != nameof(OrderOrchestration) || instance.SerializedInput is null) return new(LifecycleOutcome.NotFound, null, null);
        var input = instance.ReadInputAs<OrderInput>()!;
        if (input.Saved is null) return new(LifecycleOutcome.WrongState, null, "This order was placed with its names already; only a purchased (saved) order is activated.");
        var record = await orders.GetAsync(orderId, cancellationToken);
        // No record yet: the purchase was accepted moments ago and its first step has not run. Refused (409, retry) rather
        // than raised, so an activation never races the instance's own start.
        if (record is null) return new(LifecycleOutcome.WrongState, null, "The purchase is still being recorded; send the activation again in a moment.");
        if (!instance.IsLive() || record.Status != OrderStatus.PendingActivation || record.CaReference is not null)
        {
            return new(LifecycleOutcome.WrongState, null, record.Status == OrderStatus.PendingActivation
                ? "The order is being activated already."
                : $"Only a PENDING ACTIVATION order can be activated; this order is {record.Status.Display()}.");
        }
        var product = ProductCatalog.Find(input.ProductCode)!;
        if (profile is not null && request is not null)
        {
            var (organization, contacts) = Organizations.OrderProfiles.Details(profile, product, request.Contacts);
            request = request with { Organization = organization, Contacts = contacts };
        }
        var result = ActivationIntake.Validate(new Purchase(product, input.Saved.ExtraSans), request, today, new OrderIntakeOptions(AllowTestNames: allowTestNames));
        if (!result.IsValid) return new(LifecycleOutcome.Invalid, null, null, Organizations.OrderProfiles.Attribute(result.Errors.Select(e => (e.Field, e.Reason)), profile?.Id));
        var (spec, details) = result.Spec!;
        var order = new NormalisedOrder(spec.Product.Code, spec.CertifiedNames, OrderRequestValidator.Map(spec.DcvMethod), spec.ContactEmail,
            OrderRequestValidator.Map(spec.Key ?? Domain.Csr.KeySpec.EcP256), spec.Product.Level, spec.ApproverEmail, spec.Warnings);
        if (ChooseCa(order) is not { } ca)
        {
            return new(LifecycleOutcome.Invalid, null, null, [("dcvMethod", $"No certificate authority for '{order.Product}' with {order.DcvMethod} validation is configured on this deployment.")]);
        }
        var subject = details.Organization is null && details.Contacts is null && details.Person is null ? null : details;
        await workflow.RaiseEventAsync(orderId, PurchaseEvents.Activate, new Activation(ca, order.DnsNames, order.DcvMethod, order.ContactEmail, order.ApproverEmail, order.Key, subject,
            profile?.Id), cancellationToken);
        var reuse = profile is null ? null : Organizations.OrderProfiles.ReuseNote(profile, product, today);
        return new(LifecycleOutcome.Started, orderId, "The order will be placed with the certificate authority." + (reuse is null ? "" : " " + reuse));
    }
}
