using System.Net.Http.Headers;

namespace SslFlow.Application.Operator;

/// <summary>
/// Calls the sandbox CA's operator endpoints (<c>POST /operator/orders/{caReference}/approve?step=</c> and
/// <c>/reject</c>) for the dashboard, so the browser never holds the sandbox's operator key.
/// </summary>
public sealed class SandboxCaOperator(HttpClient http, SandboxCaOperatorOptions options)
{
    public SandboxCaOperatorOptions Options => options;

    public sealed record Answer(int Status, string ContentType, string Body);

    public Task<Answer> ApproveAsync(string caReference, string? step, CancellationToken cancellationToken) =>
        SendAsync($"operator/orders/{Uri.EscapeDataString(caReference)}/approve" + (step is null ? "" : $"?step={Uri.EscapeDataString(step)}"), null, cancellationToken);

    public Task<Answer> RejectAsync(string caReference, string? reason, CancellationToken cancellationToken) =>
        SendAsync($"operator/orders/{Uri.EscapeDataString(caReference)}/reject", new { reason }, cancellationToken);

    private async Task<Answer> SendAsync(string path, object? body, CancellationToken cancellationToken)
    {
        if (!options.IsConfigured) throw new InvalidOperationException("The sandbox CA is not configured.");
        var baseUrl = options.Url!.ToString().TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(baseUrl), path))
        {
            Content = System.Net.Http.Json.JsonContent.Create(body ?? new { }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.OperatorKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        // Bounded: the sandbox's answer is an order view or a problem, never large.
        if (text.Length > 64 * 1024) text = text[..(64 * 1024)];
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "application/json", text);
    }
}
