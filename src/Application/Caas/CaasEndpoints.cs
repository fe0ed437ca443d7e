using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SslFlow.Application.Http;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Contracts.Caas;

namespace SslFlow.Application.Caas;

/// <summary>
/// The CaaS part of the order API: <c>GET /api/orders/{id}/credentials</c>, <c>POST /api/orders/{id}/renew</c>, and the hooks the order routes call for a
/// <c>caas-*</c> product. A host that sells CaaS registers <see cref="CaasService"/>; the order routes look it up per
/// request, so a host without it (the Functions app for now) keeps the certificate routes exactly as they were.
/// </summary>
public static class CaasEndpoints
{
    public static IEndpointRouteBuilder MapCaasEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{orderId}/credentials", (string orderId, HttpRequest r, CaasService s, ApiKeyAuthentication a, CancellationToken ct) => GetCredentialsAsync(orderId, r, s, a, ct));
        app.MapPost("/api/orders/{orderId}/renew", (string orderId, HttpRequest r, OrderVisibility o, CaasService s, ApiKeyAuthentication a, TimeProvider t, CancellationToken ct) => RenewAsync(orderId, r, o, s, a, t, ct));
        return app;
    }

    public static CaasService? Find(HttpRequest request) => request.HttpContext.RequestServices?.GetService<CaasService>();

    public static async Task<IResult> GetCredentialsAsync(string orderId, HttpRequest request, CaasService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        var caller = auth.AuthenticateAccount(request);
        if (caller is null) return ProblemResults.Problem(401, "Authentication required.", "Send an API key as 'Authorization: Bearer <key>'.", "unauthorized");
        if (orderId.Length > 100) return NoCredentials(orderId);
        var read = await service.ReadAsync(orderId, caller, cancellationToken);
        // The secret must not sit in any cache on the way.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return read.Outcome switch
        {
            CredentialReadOutcome.Delivered => Results.Ok(new
            {
                keyId = read.Credential!.KeyId,
                hmacKey = read.Credential.HmacKey,
                directoryUrl = read.Credential.DirectoryUrl.ToString(),
                availableUntil = read.AvailableUntil,
                caReference = read.CaReference,
            }),
            CredentialReadOutcome.Gone => ProblemResults.Problem(410, "Credentials gone.",
                $"The credentials of order '{orderId}' were readable until {read.AvailableUntil:u} and have been destroyed; they cannot be regenerated.", "credentials-gone"),
            _ => NoCredentials(orderId),
        };
    }

    /// <summary>
    /// <c>POST /api/orders/{orderId}/renew</c> (body optional: <c>{"term":"365d"}</c>): renews an ACTIVE subscription's term.
    /// Scoped exactly as the other order routes (404 for another customer's order, before the body is read); 409 when the
    /// order is not an ACTIVE CaaS subscription (certificates renew by themselves) or its term ends within the renew cutoff.
    /// An <c>Idempotency-Key</c> makes a retried request safe: the subscription applies a key once (a malformed key: 400).
    /// Only hosts that sell CaaS map it.
    /// </summary>
    public static async Task<IResult> RenewAsync(string orderId, HttpRequest request, OrderVisibility orders, CaasService service, ApiKeyAuthentication auth, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await OrderEndpoints.DenyAsync(orderId, request, orders, auth, cancellationToken) is { } denied) return denied;
        var caller = auth.AuthenticateAccount(request)!;
        var (idempotencyKey, keyError) = IdempotencyKeys.Parse(request.Headers[IdempotencyKeys.Header]);
        if (keyError is not null) return ProblemResults.Problem(400, "Invalid Idempotency-Key.", keyError, "idempotency-key");
        var (body, error) = await RequestBodies.ReadJsonAsync<RenewOrderRequest>(request, cancellationToken);
        if (error is not null) return error;
        return OrderEndpoints.Lifecycle(orderId, await service.RenewAsync(orderId, body?.Term, caller, idempotencyKey, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>POST /api/orders with a <c>caas-*</c> product.</summary>
    public static async Task<IResult> CreateAsync(HttpRequest request, CreateOrderRequest body, string caller, CaasService service, CancellationToken cancellationToken)
    {
        var errors = service.Validate(body, out var product, out var term);
        if (errors.Count > 0) return ProblemResults.Validation(errors);
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 200 } key ? key : null;
        var accepted = await service.CreateAsync(product!, term, body, caller, idempotencyKey, cancellationToken);
        var location = $"/api/orders/{accepted.OrderId}";
        return Results.Accepted(location, new
        {
            orderId = accepted.OrderId,
            status = OrderStatus.PendingActivation.Display(),
            statusUrl = location,
            credentialsUrl = $"{location}/credentials",
            created = accepted.Created,
        });
    }

    private static IResult NoCredentials(string orderId) =>
        ProblemResults.Problem(404, "No credentials.", $"Order '{orderId[..Math.Min(orderId.Length, 100)]}' has no CaaS credentials for this caller (not a subscription, or not minted yet).", "not-found");
}
