using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Orders;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Domain.Purchases;
using SslFlow.Workflow.Orchestrations;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Orders;

/// <summary>
/// Placing orders: create-and-submit (validated, idempotent per caller), and saved orders bought now (PENDING
/// ACTIVATION) and activated later with their names and organization details. Accepting an order is starting its
/// orchestration: once that is stored, nothing is lost.
/// </summary>
public sealed class OrderPlacement(DurableTaskClient workflow, IOrderStore orders, CertificateAuthorities authorities, OrderServiceOptions options,
    InstallationIntake? installation = null)
{
    /// <summary>
    /// Which CA takes the order: DV with http-01/dns-01 goes to the ACME CA; OV, EV, S/MIME and email DCV go to the
    /// order-API CA (the sandbox CA locally). Null when that CA is not configured here.
    /// </summary>
    public string? ChooseCa(NormalisedOrder order)
    {
        // S/MIME levels are never Domain: an S/MIME order always goes to the order-API CA (ACME issues TLS server certificates only).
        var name = order.Level == Domain.Products.ValidationLevel.Domain && order.DcvMethod != DcvMethod.Email ? options.DefaultCa : options.ValidatedCa;
        return authorities.Names.Contains(name, StringComparer.OrdinalIgnoreCase) ? name : null;
    }

    /// <summary>Starts an order; the same idempotency key (per caller) always names the same order.</summary>
    public async Task<OrderAccepted> CreateAsync(NormalisedOrder order, string caller, string? idempotencyKey, CancellationToken cancellationToken, Domain.Organizations.SubjectDetails? subject = null,
        string? organizationProfileId = null)
    {
        var orderId = OrderIds.For(caller, idempotencyKey);
        var ca = ChooseCa(order) ?? throw new InvalidOperationException("No certificate authority takes this order.");
        var input = new OrderInput(orderId, order.Product, order.DnsNames, order.DcvMethod, order.ContactEmail, ca, order.Key, caller, options.ValidationPollInterval, order.ApproverEmail,
            order.Warnings, order.InstallTargets, Subject: subject, OrganizationProfileId: organizationProfileId);
        if (await workflow.TryStartAsync(nameof(OrderOrchestration), input, orderId, cancellationToken)) return new OrderAccepted(orderId, true);
        // The same key must mean the same order: a different body is refused instead of silently answered with the first order.
        // The first order's orchestration input is compared (it exists as soon as the start is stored; the order record comes later).
        var first = await workflow.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken) is { SerializedInput: not null } instance
            ? instance.ReadInputAs<OrderInput>() : null;
        return new OrderAccepted(orderId, false, first is null || SameOrder(first, input) ? null
            : $"This Idempotency-Key was first used for a different order ({first.ProductCode}: {string.Join(", ", first.DnsNames)}); use a new key for a new order.");
    }

    /// <summary>
    /// Compares the normalised orders, so a retry that differs only in spelling (case, whitespace, field order) is the same
    /// order. The organization counts too: by the profile named, or, without one, by the validated details (a profile may
    /// be edited between a request and its retry, so its copied details are not compared).
    /// </summary>
    private static bool SameOrder(OrderInput a, OrderInput b) =>
        a.ProductCode == b.ProductCode && a.DnsNames.SequenceEqual(b.DnsNames) && a.DcvMethod == b.DcvMethod && a.ContactEmail == b.ContactEmail
        && a.CaName == b.CaName && a.Key == b.Key && a.ApproverEmail == b.ApproverEmail
        && a.OrganizationProfileId == b.OrganizationProfileId && (a.OrganizationProfileId is not null || a.Subject == b.Subject);

    /// <summary>Install targets of a new order (issue 17): the request's, else the caller's default; errors name the field.</summary>
    public List<(string Field, string Reason)> ValidateInstallTargets(IReadOnlyList<System.Text.Json.JsonElement>? requested, string caller, NormalisedOrder order, out NormalisedOrder withTargets)
    {
        withTargets = order;
        if (order.Level is Domain.Products.ValidationLevel.Mailbox or Domain.Products.ValidationLevel.Individual or Domain.Products.ValidationLevel.Sponsor)
        {
            // An S/MIME certificate goes to a mail client, not a web server: a default set of install targets is not for it.
            return requested is { Count: > 0 } ? [("installTargets", "S/MIME certificates are not installed on servers; leave installTargets out.")] : [];
        }
        if (installation is null)
        {
            return requested is { Count: > 0 } ? [("installTargets", "This deployment installs certificates nowhere.")] : [];
        }
        var errors = installation.Validate(requested, caller, order, out var targets);
        withTargets = order with { InstallTargets = targets };
        return errors;
    }

    /// <summary>
    /// Starts the order's orchestration with no names: it records the order PENDING ACTIVATION and waits for its activation
    /// (durably: across restarts), reminding the customer and refunding it when it lapses (<see cref="SavedOrderPolicy"/>).
    /// </summary>
    public async Task<OrderAccepted> CreatePurchaseAsync(Purchase purchase, string? contactEmail, string caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var orderId = OrderIds.For(caller, idempotencyKey);
        var policy = SavedOrderPolicy.Default;
        var saved = new SavedOrderSettings(DateTimeOffset.UtcNow, options.SavedOrderReminders ?? [.. policy.RemindAfter], options.SavedOrderExpiry ?? policy.ExpireAfter, purchase.ExtraSans);
        // The CA is chosen at activation, when the DCV method is known; until then the validated CA stands in the record.
        var input = new OrderInput(orderId, purchase.Product.Code, [], Domain.Rules.DcvMethod.Email, contactEmail, options.ValidatedCa, Customer: caller,
            ValidationPollInterval: options.ValidationPollInterval, Saved: saved);
        return new OrderAccepted(orderId, await workflow.TryStartAsync(nameof(OrderOrchestration), input, orderId, cancellationToken));
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
        var order = new NormalisedOrder(spec.Product.Code, spec.CertifiedNames, spec.DcvMethod, spec.ContactEmail,
            spec.Key ?? Domain.Keys.KeyAlgorithm.EcP256, spec.Product.Level, spec.ApproverEmail, spec.Warnings);
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
