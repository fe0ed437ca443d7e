using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SslFlow.Application.Http;
using SslFlow.Application.Orders;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Workflow;
using SslFlow.Workflow;
using SslFlow.Domain.Webhooks;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Application.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/{ca}</c>. Order of checks: size and media type (<see cref="RequestBodies"/>), signature and timestamp, body shape, replay, CA reference
/// → order → instance; only then is the event raised. Every refusal is a 4xx problem and changes nothing.
/// </summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{ca}", (string ca, HttpRequest r, WebhookOptions o, WebhookVerifier v, IWebhookReceipts rc, IOrderStore s, DurableTaskClient w, ILoggerFactory l, CancellationToken ct) =>
            ReceiveAsync(ca, r, o, v, rc, s, w, l.CreateLogger(nameof(WebhookEndpoints)), ct));
        return app;
    }

    public static async Task<IResult> ReceiveAsync(string ca, HttpRequest request, WebhookOptions options, WebhookVerifier verifier, IWebhookReceipts receipts,
        IOrderStore orders, DurableTaskClient workflow, ILogger logger, CancellationToken cancellationToken)
    {
        if (!options.Secrets.TryGetValue(ca, out var configured) || configured.Count == 0)
        {
            return ProblemResults.Problem(404, "Unknown certificate authority.", $"No webhook is configured for '{Trim(ca)}'.", "unknown-ca");
        }
        var (body, bodyProblem) = await RequestBodies.ReadAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        var verdict = verifier.Verify(configured.Select(StandardWebhooks.ParseSecret).ToList(),
            request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body);
        if (!verdict.IsValid)
        {
            logger.LogWarning("Webhook from {Ca} refused: {Field} {Reason}", Trim(ca), verdict.Field, verdict.Reason);
            return ProblemResults.Problem(401, "Webhook not authenticated.", $"{verdict.Field}: {verdict.Reason}.", "webhook-signature");
        }

        CaEvent? e;
        try
        {
            e = JsonSerializer.Deserialize<CaEvent>(body, WorkflowJson.Options);
        }
        catch (JsonException)
        {
            e = null;
        }
        if (e is null || string.IsNullOrEmpty(e.CaReference) || !CaEventTypes.All.Contains(e.Type ?? ""))
        {
            return ProblemResults.Validation([("body", $"Expected {{type, caReference}} with type one of {string.Join(", ", CaEventTypes.All)}.")]);
        }

        var orderId = await orders.FindOrderIdByCaReferenceAsync(e.CaReference, cancellationToken);
        var order = orderId is null ? null : await orders.GetAsync(orderId, cancellationToken);
        if (order?.WorkflowInstanceId is not { } instanceId)
        {
            return ProblemResults.Problem(404, "Unknown CA reference.", $"No order has CA reference '{Trim(e.CaReference)}'.", "unknown-reference");
        }
        if (!await receipts.TryRecordAsync(ca, verdict.Id!, cancellationToken))
        {
            return Results.Ok(new { status = "duplicate", webhookId = verdict.Id });
        }
        try
        {
            // Durable drops an event raised to an instance that is missing or has ended; that is a 409 the CA can see.
            if (!await workflow.TryRaiseEventAsync(instanceId, e.Type!, e, cancellationToken))
            {
                await receipts.ForgetAsync(ca, verdict.Id!, cancellationToken);
                return ProblemResults.Problem(409, "Order is not waiting.", $"Order {orderId} has no running workflow.", "not-waiting");
            }
        }
        catch
        {
            await receipts.ForgetAsync(ca, verdict.Id!, cancellationToken);
            throw;
        }
        logger.LogInformation("Webhook {Type} for order {OrderId} (CA reference {CaReference}) raised", e.Type, orderId, e.CaReference);
        return Results.Ok(new { status = "accepted", webhookId = verdict.Id, orderId });
    }

    private static string Trim(string value) => value.Length > 100 ? value[..100] : value;
}
