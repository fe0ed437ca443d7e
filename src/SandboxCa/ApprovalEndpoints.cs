using System.Net;

namespace SslFlow.SandboxCa;

/// <summary>
/// The link in an approver email (<c>/dcv/approve/{token}</c>): GET shows a confirmation form (mail scanners that
/// prefetch links approve nothing), POST approves that name. The token is the secret; no other key is needed.
/// </summary>
public static class ApprovalEndpoints
{
    public static void MapApprovalEndpoints(this WebApplication app)
    {
        app.MapGet("/dcv/approve/{token}", (string token, OrderBook book) =>
        {
            var (reference, name) = book.FindApproval(token);
            var html = $"<!doctype html><title>Approve certificate request</title><p>Approve the certificate request for <b>{WebUtility.HtmlEncode(name)}</b> " +
                       $"(order {WebUtility.HtmlEncode(reference)})?</p><form method=post><button>Approve</button></form>";
            return Results.Content(html, "text/html");
        });
        app.MapPost("/dcv/approve/{token}", (string token, OrderBook book) => book.ApproveByEmail(token));
    }
}
