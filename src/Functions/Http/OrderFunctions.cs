using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Functions.Composition;

namespace SslFlow.Functions.Http;

/// <summary>
/// The order API on Functions: same routes as the local host (host.json sets no route prefix), and each trigger calls
/// the very handler the local host maps (<see cref="OrderEndpoints"/>), so bodies, status codes and problem details
/// are one code path. Anonymous at the Functions level: the handlers authenticate the API key themselves.
/// </summary>
public sealed class OrderFunctions(WorkflowServices workflow, ApiKeyAuthentication auth, IntakeOptions intake, TimeProvider time)
{
    [Function("CreateOrder")]
    public async Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.CreateAsync(request, workflow.Orders(client), auth, intake, cancellationToken));

    [Function("GetOrder")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.GetAsync(orderId, request, workflow.Orders(client), auth, cancellationToken));

    [Function("ListOrders")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.ListAsync(request, workflow.Orders(client), auth, cancellationToken));

    [Function("DownloadCertificate")]
    public async Task<IActionResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/orders/{orderId}/certificate")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.DownloadAsync(orderId, request, workflow.Orders(client), auth, cancellationToken));

    [Function("CancelOrder")]
    public async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/cancel")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.CancelAsync(orderId, request, workflow.Orders(client), auth, time, cancellationToken));

    [Function("RevokeOrder")]
    public async Task<IActionResult> RevokeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/revoke")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.RevokeAsync(orderId, request, workflow.Orders(client), auth, cancellationToken));

    [Function("ReissueOrder")]
    public async Task<IActionResult> ReissueAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/reissue")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.ReissueAsync(orderId, request, workflow.Orders(client), auth, intake, cancellationToken));

    [Function("ResendApproval")]
    public async Task<IActionResult> ResendApprovalAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/resend-approval")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.ResendApprovalAsync(orderId, request, workflow.Orders(client), auth, cancellationToken));

    [Function("ChangeDcvMethod")]
    public async Task<IActionResult> ChangeDcvMethodAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/dcv-method")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.ChangeDcvMethodAsync(orderId, request, workflow.Orders(client), auth, time, cancellationToken));

    [Function("RetryInstallation")]
    public async Task<IActionResult> InstallAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/install")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.InstallAsync(orderId, request, workflow.Orders(client), auth, time, cancellationToken));
}
