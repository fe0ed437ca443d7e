namespace SslFlow.SandboxCa;

/// <summary>
/// The CaaS part of the order API (<c>/v1/subscriptions</c>, same bearer key) and of the back office
/// (<c>/operator/subscriptions</c>, <c>/operator/eab-pool</c>). The HMAC key is only in the answer to the create call
/// (and its replay with the same order key), as a CA's EAB API hands it out once per request.
/// </summary>
public static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this WebApplication app, SandboxOptions options)
    {
        var v1 = app.MapGroup("/v1/subscriptions").AddEndpointFilter(OrderEndpoints.RequireKey(options.ApiKey));
        v1.MapPost("", (CreateSubscriptionRequest r, SubscriptionBook book) =>
        {
            var (subscription, created) = book.Create(r);
            return created ? Results.Created($"/v1/subscriptions/{subscription.CaReference}", subscription) : Results.Ok(subscription);
        });
        v1.MapGet("/{caReference}", (string caReference, SubscriptionBook book) => book.Get(caReference));
        v1.MapPost("/{caReference}/renew", (string caReference, RenewSubscriptionRequest r, SubscriptionBook book) => book.Renew(caReference, r));
        v1.MapPost("/{caReference}/deactivate", (string caReference, DeactivateSubscriptionRequest? r, SubscriptionBook book) => book.Deactivate(caReference, r?.Reason));

        var op = app.MapGroup("/operator").AddEndpointFilter(OrderEndpoints.RequireKey(options.OperatorKey));
        op.MapGet("/subscriptions", (SubscriptionBook book) => book.List());
        op.MapPost("/subscriptions/{caReference}/approve", (string caReference, string? step, SubscriptionBook book) => book.Approve(caReference, step));
        op.MapPost("/subscriptions/{caReference}/reject", (string caReference, RejectRequest? r, SubscriptionBook book) => book.Reject(caReference, r?.Reason));
        op.MapGet("/eab-pool", (SubscriptionBook book) => book.PoolView());
    }
}
