namespace SslFlow.SandboxCa;

/// <summary>The CA's back office (<c>/operator</c>, its own key): approve or reject the current step, steer webhook loss.</summary>
public static class OperatorEndpoints
{
    public static void MapOperatorEndpoints(this WebApplication app, SandboxOptions options)
    {
        var op = app.MapGroup("/operator").AddEndpointFilter(OrderEndpoints.RequireKey(options.OperatorKey));
        op.MapGet("/orders", (OrderBook book) => book.List());
        // A CaaS subscription's reference works here too, so the dashboard's "approve in the sandbox" needs no second route.
        op.MapPost("/orders/{caReference}/approve", (string caReference, string? step, OrderBook book, SubscriptionBook subscriptions) =>
            subscriptions.Contains(caReference) ? Results.Ok(subscriptions.Approve(caReference, step)) : Results.Ok(book.Approve(caReference, step)));
        op.MapPost("/orders/{caReference}/reject", (string caReference, RejectRequest? r, OrderBook book, SubscriptionBook subscriptions) =>
            subscriptions.Contains(caReference) ? Results.Ok(subscriptions.Reject(caReference, r?.Reason)) : Results.Ok(book.Reject(caReference, r?.Reason)));
        op.MapGet("/webhooks", (WebhookSender sender) => sender.Deliveries);
        op.MapPost("/webhooks/drop", (DropWebhooksRequest r, WebhookSender sender) =>
        {
            if (r.Percent is < 0 or > 100) return Results.Problem(statusCode: 400, detail: "percent must be 0..100.");
            sender.DropPercent = r.Percent;
            return Results.Ok(new { percent = sender.DropPercent });
        });
    }
}
