using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SslFlow.Adapters.SandboxCa;

/// <summary>
/// The sandbox CA's back office (<c>/operator</c>, its own key): approve or reject an order's current validation step,
/// as a CA's vetting team would. For the dashboard's "approve in the sandbox CA" action and demos; registered only when
/// <see cref="SandboxCaOptions.OperatorKey"/> is configured. A real CA has no such API: its webhooks arrive on their own.
/// </summary>
public sealed class SandboxCaOperatorClient(HttpClient http, SandboxCaOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Approves the current step, or exactly <paramref name="step"/> (refused with 409 if the order moved on). Returns the sandbox order.</summary>
    public Task<JsonElement> ApproveAsync(string caReference, string? step, CancellationToken cancellationToken) =>
        SendAsync($"operator/orders/{Uri.EscapeDataString(caReference)}/approve" + (step is null ? "" : "?step=" + Uri.EscapeDataString(step)), null, cancellationToken);

    public Task<JsonElement> RejectAsync(string caReference, string reason, CancellationToken cancellationToken) =>
        SendAsync($"operator/orders/{Uri.EscapeDataString(caReference)}/reject", new { reason }, cancellationToken);

    private async Task<JsonElement> SendAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.BaseUrl.TrimEnd('/') + "/"), path))
        {
            Content = body is null ? null : JsonContent.Create(body, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.OperatorKey ?? throw new InvalidOperationException($"{SandboxCaOptions.Section}:OperatorKey is not configured."));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Sandbox CA operator API answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
