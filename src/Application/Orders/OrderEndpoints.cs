using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SslFlow.Application.Security;
using SslFlow.Domain.Orders;
using SslFlow.Workflow.Abstractions;

namespace SslFlow.Application.Orders;

/// <summary>
/// The order routes. The handlers are public static methods so the Azure Functions HTTP triggers call the very
/// same code; the local host maps them with <see cref="MapOrderEndpoints"/>.
/// </summary>
public static class OrderEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders", (HttpRequest r, OrderService s, ApiKeyAuthentication a, IntakeOptions o, CancellationToken ct) => CreateAsync(r, s, a, o, ct));
        app.MapGet("/api/orders/{orderId}", (string orderId, HttpRequest r, OrderService s, ApiKeyAuthentication a, CancellationToken ct) => GetAsync(orderId, r, s, a, ct));
        app.MapGet("/api/orders", (HttpRequest r, OrderService s, ApiKeyAuthentication a, CancellationToken ct) => ListAsync(r, s, a, ct));
        return app;
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, OrderService service, ApiKeyAuthentication auth, IntakeOptions options, CancellationToken cancellationToken)
    {
        var caller = auth.Authenticate(request);
        if (caller is null) return Unauthorized();
        if (request.ContentLength is > MaxBodyBytes) return ProblemResults.Problem(413, "Body too large.", $"Order bodies are limited to {MaxBodyBytes} bytes.", "too-large");
        CreateOrderRequest? body;
        try
        {
            body = await ReadBoundedJsonAsync<CreateOrderRequest>(request, cancellationToken);
        }
        catch (BodyTooLargeException)
        {
            return ProblemResults.Problem(413, "Body too large.", $"Order bodies are limited to {MaxBodyBytes} bytes.", "too-large");
        }
        catch (JsonException ex)
        {
            return ProblemResults.Validation([("body", $"Not valid JSON for an order: {ex.Message}")]);
        }
        var errors = OrderRequestValidator.Validate(body, out var order, options.AllowTestNames);
        if (errors.Count > 0) return ProblemResults.Validation(errors);
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 200 } key ? key : null;
        var accepted = await service.CreateAsync(order!, caller, idempotencyKey, cancellationToken);
        var location = $"/api/orders/{accepted.OrderId}";
        return Results.Accepted(location, new { orderId = accepted.OrderId, status = OrderStatus.PendingActivation.Display(), statusUrl = location, created = accepted.Created });
    }

    public static async Task<IResult> GetAsync(string orderId, HttpRequest request, OrderService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.Authenticate(request) is null) return Unauthorized();
        if (orderId.Length > 100) return NotFound(orderId);
        var view = await service.GetAsync(orderId, cancellationToken);
        return view is null ? NotFound(orderId) : Results.Ok(view);
    }

    public static async Task<IResult> ListAsync(HttpRequest request, OrderService service, ApiKeyAuthentication auth, CancellationToken cancellationToken)
    {
        if (auth.Authenticate(request) is null) return Unauthorized();
        OrderStatus? status = null;
        if (request.Query["status"].ToString() is { Length: > 0 } s)
        {
            var match = Enum.GetValues<OrderStatus>().Where(v => v.Display().Equals(s, StringComparison.OrdinalIgnoreCase) || v.ToString().Equals(s, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0) return ProblemResults.Validation([("status", $"Unknown status '{s}'.")]);
            status = match[0];
        }
        var pageSize = 50;
        if (request.Query["pageSize"].ToString() is { Length: > 0 } p && (!int.TryParse(p, out pageSize) || pageSize is < 1 or > 1000))
        {
            return ProblemResults.Validation([("pageSize", "A number from 1 to 1000.")]);
        }
        var token = request.Query["continuationToken"].ToString() is { Length: > 0 } t ? t : null;
        return Results.Ok(await service.ListAsync(status, pageSize, token, cancellationToken));
    }

    private static IResult Unauthorized() => ProblemResults.Problem(401, "Authentication required.", "Send an API key as 'Authorization: Bearer <key>'.", "unauthorized");

    private static IResult NotFound(string orderId) => ProblemResults.Problem(404, "No such order.", $"There is no order '{orderId[..Math.Min(orderId.Length, 100)]}'.", "not-found");

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>, whatever Content-Length claimed.</summary>
    private static async Task<T?> ReadBoundedJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw new BodyTooLargeException();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return default;
        return JsonSerializer.Deserialize<T>(buffer.ToArray(), WorkflowJson.Options);
    }

    private sealed class BodyTooLargeException : Exception;
}

public sealed class IntakeOptions
{
    /// <summary>Allows names under .test (local demo and tests against Pebble); off in production.</summary>
    public bool AllowTestNames { get; set; }
}
