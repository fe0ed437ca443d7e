using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SslFlow.Adapters.Challenges;
using SslFlow.Application.Webhooks;
using SslFlow.Contracts.Orders;
using SslFlow.Contracts.Webhooks;

namespace SslFlow.Functions.Http;

/// <summary>
/// CA callbacks (<c>POST /api/webhooks/{ca}</c>, Standard Webhooks signed) through the shared handler, which maps the
/// CA reference to the live instance before raising the event; and http-01 answers.
/// </summary>
public sealed class WebhookFunctions(WebhookOptions options, WebhookVerifier verifier, IWebhookReceipts receipts, IOrderStore orders,
    Http01ChallengeStore challenges, ILogger<WebhookFunctions> logger)
{
    [Function("CaWebhook")]
    public async Task<IActionResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{ca}")] HttpRequest request, string ca,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await WebhookEndpoints.ReceiveAsync(ca, request, options, verifier, receipts, orders,
            client, logger, cancellationToken));

    [Function("AcmeHttp01")]
    public async Task<IActionResult> Http01Async(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/acme-challenge/{token}")] HttpRequest request, string token,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await challenges.FindAsync(token, cancellationToken) is { } value
            ? Results.Text(value, "application/octet-stream")
            : Results.NotFound());
}
