using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SslFlow.Application.Orders;
using SslFlow.Application.Security;
using SslFlow.Functions.Composition;

namespace SslFlow.Functions.Http;

/// <summary>Activation of a saved order on Functions: the same handler the local host maps.</summary>
public sealed class ActivationFunctions(WorkflowServices workflow, ApiKeyAuthentication auth, IntakeOptions intake, TimeProvider time)
{
    [Function("ActivateOrder")]
    public async Task<IActionResult> ActivateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/orders/{orderId}/activate")] HttpRequest request, string orderId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new ResultActionResult(await OrderEndpoints.ActivateAsync(orderId, request, workflow.Orders(client), auth, intake, time, cancellationToken));
}
