using System.Security.Cryptography;
using System.Text;

namespace SslFlow.SandboxCa;

/// <summary>The customer order API (<c>/v1</c>, bearer API key) in the style of reseller order APIs.</summary>
public static class OrderEndpoints
{
    public static void MapOrderEndpoints(this WebApplication app, SandboxOptions options)
    {
        // The root is public, like a CA's repository.
        app.MapGet("/v1/root", (CaHierarchy ca) => Results.Text(ca.Root.ExportCertificatePem(), "application/x-pem-file"));

        var v1 = app.MapGroup("/v1").AddEndpointFilter(RequireKey(options.ApiKey));
        v1.MapPost("/orders", (CreateOrderRequest r, OrderBook book) =>
        {
            var (order, created) = book.Create(r);
            return created ? Results.Created($"/v1/orders/{order.CaReference}", order) : Results.Ok(order);
        });
        v1.MapGet("/orders/{caReference}", (string caReference, OrderBook book) => book.Get(caReference));
        v1.MapPost("/orders/{caReference}/finalize", (string caReference, FinalizeRequest r, OrderBook book) => book.Finalize(caReference, r.Csr));
        v1.MapPost("/orders/{caReference}/check-dcv", (string caReference, OrderBook book) => book.CheckDcv(caReference));
        v1.MapPost("/orders/{caReference}/cancel", (string caReference, OrderBook book) => book.Cancel(caReference));
        v1.MapPost("/orders/{caReference}/reissue", (string caReference, ReissueRequest r, OrderBook book) => book.Reissue(caReference, r));
        v1.MapPost("/orders/{caReference}/revoke", (string caReference, RevokeOrderRequest? r, OrderBook book) => book.RevokeOrder(caReference, r?.Reason));
        v1.MapPost("/orders/{caReference}/resend-approval", (string caReference, OrderBook book) => book.ResendApproval(caReference));
        v1.MapPost("/orders/{caReference}/dcv-method", (string caReference, ChangeDcvMethodRequest r, OrderBook book) => book.ChangeDcvMethod(caReference, r));
        v1.MapGet("/orders/{caReference}/certificate", (string caReference, OrderBook book) => Results.Text(book.CertificateChain(caReference), "application/x-pem-file"));
        v1.MapPost("/revoke", (RevokeCertificateRequest r, OrderBook book) => book.RevokeCertificate(r.Certificate, r.Reason));
    }

    /// <summary>Bearer key check, constant-time; a missing key (operator endpoints not configured) closes the group.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireKey(string? key) => async (context, next) =>
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (string.IsNullOrEmpty(key) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "A valid 'Authorization: Bearer <key>' header is required.");
        }
        return await next(context);
    };
}
