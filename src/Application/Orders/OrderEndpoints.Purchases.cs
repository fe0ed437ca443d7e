using Microsoft.AspNetCore.Http;
using SslFlow.Application.Security;
using SslFlow.Domain.Intake;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Orders;
using SslFlow.Domain.Products;
using SslFlow.Domain.Purchases;
using SslFlow.Domain.Rules;

namespace SslFlow.Application.Orders;

/// <summary>Purchase (an order with only its product) and activation (its names, DCV method and organization details later).</summary>
public static partial class OrderEndpoints
{
    /// <summary>A body that names a product and nothing to certify (no domains, mailbox or CSR) buys the order for later activation.</summary>
    private static bool IsPurchase(CreateOrderRequest? body) =>
        body is { Product: not null, Domains: null, Mailbox: null, Csr: null, DcvMethod: null, ApproverEmail: null };

    private static async Task<IResult> CreatePurchaseAsync(HttpRequest request, CreateOrderRequest body, string caller, OrderUseCases service, CancellationToken cancellationToken)
    {
        if (body.Organization is not null || body.Contacts is not null || body.Person is not null || body.OrganizationProfileId is not null)
        {
            return ProblemResults.Validation([("organization", "A purchase takes only the product (and extra SANs); give the organization, contacts and person when activating it.")]);
        }
        var purchase = PurchaseIntake.Validate(new PurchaseRequest(body.Product, body.ExtraSans ?? 0));
        if (!purchase.IsValid) return ProblemResults.Validation(purchase.Errors.Select(e => (e.Field == "productCode" ? "product" : e.Field, e.Reason)).ToList());
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 200 } key ? key : null;
        var accepted = await service.Placement.CreatePurchaseAsync(purchase.Purchase!, body.ContactEmail, caller, idempotencyKey, cancellationToken);
        var location = $"/api/orders/{accepted.OrderId}";
        return Results.Accepted(location, new
        {
            orderId = accepted.OrderId,
            status = OrderStatus.PendingActivation.Display(),
            resellerState = ResellerStates.Of(OrderStatus.PendingActivation),
            statusUrl = location,
            activateUrl = $"{location}/activate",
            created = accepted.Created,
        });
    }

    /// <summary>The organization, contacts and person given with a create-and-submit order (optional there: without them the CA uses its own defaults).</summary>
    private static (SubjectDetails? Subject, List<(string Field, string Reason)> Errors) SubjectOf(CreateOrderRequest body, NormalisedOrder order)
    {
        if (body.Organization is null && body.Contacts is null && body.Person is null) return (null, []);
        var product = ProductCatalog.Find(order.Product)!;
        var result = SubjectDetailsRules.Validate(product, new SubjectDetailsRequest(body.Organization, body.Contacts, body.Person));
        return (result.Details, result.Errors.Select(e => (e.Field, e.Reason)).ToList());
    }

    /// <summary><c>POST /api/orders/{id}/activate</c>: 202 when the saved order will be placed with the CA; 400 naming each field; 409 when not a saved order waiting.</summary>
    public static async Task<IResult> ActivateAsync(string orderId, HttpRequest request, OrderUseCases service, ApiKeyAuthentication auth, IntakeOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await DenyAsync(orderId, request, service.Visibility, auth, cancellationToken) is { } denied) return denied;
        var (body, error) = await ReadBodyAsync<ActivationRequest>(request, cancellationToken);
        if (error is not null) return error;
        OrganizationProfile? profile = null;
        if (body?.OrganizationProfileId is { } profileId)
        {
            // issue 16: the profile must be the order's account's (an operator activating a customer's order uses the customer's).
            var (found, profileErrors) = await Organizations.OrderProfiles.ResolveAsync(request, await service.Visibility.CustomerOfAsync(orderId, cancellationToken), profileId,
                body.Organization, cancellationToken);
            if (found is null) return ProblemResults.Validation(profileErrors);
            profile = found;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = await service.Placement.ActivateAsync(orderId, body, today, options.AllowTestNames, cancellationToken, profile);
        if (profile is not null && result.Outcome == LifecycleOutcome.Started) await Organizations.OrderProfiles.RecordOrderAsync(request, profile, orderId, cancellationToken);
        return Lifecycle(orderId, result);
    }
}
