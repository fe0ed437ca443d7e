using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SslFlow.Application.Http;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Contracts.Orders;

namespace SslFlow.Application.Operator;

/// <summary>
/// The operator surface: the dashboard (static, build-free HTML/CSS/JS) at <c>/</c> and <c>/dashboard/*</c>, and the
/// hand-written OpenAPI description at <c>/openapi.json</c>, and the operator API (capabilities, the optional sandbox CA
/// approve/reject proxy). The files are embedded so the host needs no web root and
/// the same bytes can be deployed as static content next to the Functions app. The page itself holds no data: every
/// call it makes goes to the API with the operator's key, so it is protected exactly like the API.
/// </summary>
public static class OperatorEndpoints
{
    public const string OpenApiRoute = "/openapi.json";

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext c) => Serve(c, "index.html"));
        app.MapGet("/dashboard/{**path}", (string? path, HttpContext c) => Serve(c, string.IsNullOrEmpty(path) ? "index.html" : path));
        app.MapGet(OpenApiRoute, (HttpContext c) => Serve(c, "openapi.json"));
        app.MapGet("/api/operator/capabilities", (HttpRequest r, ApiKeyAuthentication a, SandboxCaOperatorOptions o) => Capabilities(r, a, o));
        app.MapPost("/api/operator/orders/{orderId}/sandbox-approve", (string orderId, string? step, HttpRequest r, ApiKeyAuthentication a, IOrderStore s, SandboxCaOperator sandbox, CancellationToken ct) =>
            SandboxAsync(orderId, r, a, s, sandbox, (reference, c) => sandbox.ApproveAsync(reference, step is { Length: > 0 and <= 100 } ? step : null, c), ct));
        app.MapPost("/api/operator/orders/{orderId}/sandbox-reject", async (string orderId, HttpRequest r, ApiKeyAuthentication a, IOrderStore s, SandboxCaOperator sandbox, CancellationToken ct) =>
        {
            if (Deny(a.AuthenticateAccount(r)) is { } denied) return denied;
            // An empty body (chunked or not) means "no reason"; anything else must be the documented JSON (RequestBodies bounds it).
            var (body, problem) = await RequestBodies.ReadJsonAsync<SandboxRejectRequest>(r, ct, System.Text.Json.JsonSerializerOptions.Web);
            if (problem is not null) return problem;
            if (body?.Reason is { Length: > 500 }) return ProblemResults.Validation([("reason", "At most 500 characters.")]);
            return await SandboxAsync(orderId, r, a, s, sandbox, (reference, c) => sandbox.RejectAsync(reference, body?.Reason, c), ct);
        });
        return app;
    }

    public static IResult Capabilities(HttpRequest request, ApiKeyAuthentication auth, SandboxCaOperatorOptions options) =>
        Deny(auth.AuthenticateAccount(request))
            ?? Results.Ok(new OperatorCapabilities(options.IsConfigured, options.IsConfigured ? options.CaName : null));

    /// <summary>
    /// The operator API is the operators' only: 401 without a known key, 403 for a customer's key. A customer able to
    /// approve at the sandbox CA would pass its own organization checks, and the capabilities describe the back office.
    /// </summary>
    private static IResult? Deny(Domain.Accounts.Account? caller) =>
        caller is null ? Unauthorized()
        : caller.IsOperator ? null
        : ProblemResults.Problem(403, "Operators only.", "This route needs an operator's API key; a customer's key is not enough.", "forbidden");

    /// <summary>
    /// Approve/reject at the sandbox CA, for an order this host placed there: the order id is looked up here, so the
    /// browser can neither name another CA's order nor learn the sandbox's operator key. The sandbox's answer (its
    /// order view, or its problem) is passed through with its status.
    /// </summary>
    private static async Task<IResult> SandboxAsync(string orderId, HttpRequest request, ApiKeyAuthentication auth, IOrderStore orders, SandboxCaOperator sandbox,
        Func<string, CancellationToken, Task<SandboxCaOperator.Answer>> call, CancellationToken cancellationToken)
    {
        if (Deny(auth.AuthenticateAccount(request)) is { } denied) return denied;
        if (!sandbox.Options.IsConfigured)
        {
            return ProblemResults.Problem(404, "No sandbox CA here.", $"This deployment has no {SandboxCaOperatorOptions.Section} configured.", "not-configured");
        }
        var order = orderId.Length <= 100 ? await orders.GetAsync(orderId, cancellationToken) : null;
        if (order is null) return ProblemResults.Problem(404, "No such order.", $"There is no order '{orderId[..Math.Min(orderId.Length, 100)]}'.", "not-found");
        if (!string.Equals(order.CaName, sandbox.Options.CaName, StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResults.Problem(409, "Not a sandbox CA order.", $"Order '{orderId}' is at the CA '{order.CaName}', not at the sandbox CA '{sandbox.Options.CaName}'.", "wrong-ca");
        }
        if (order.CaReference is null) return ProblemResults.Problem(409, "Not at the CA yet.", $"Order '{orderId}' has not been placed with the CA yet.", "wrong-state");
        try
        {
            var answer = await call(order.CaReference, cancellationToken);
            return Results.Content(answer.Body, answer.ContentType, System.Text.Encoding.UTF8, answer.Status);
        }
        catch (HttpRequestException ex)
        {
            return ProblemResults.Problem(502, "The sandbox CA did not answer.", ex.Message, "sandbox-unreachable");
        }
    }

    private static IResult Unauthorized() => ProblemResults.Problem(401, "Authentication required.", "Send an API key as 'Authorization: Bearer <key>'.", "unauthorized");

    private static IResult Serve(HttpContext context, string name)
    {
        var asset = OperatorAssets.Find(name);
        if (asset is null) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        // Everything is served from here: no CDN, no inline script, no framing by other sites.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XFrameOptions = "DENY";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag));
    }
}
