namespace SslFlow.Application.Webhooks;

/// <summary>Per-CA webhook secrets (<c>whsec_…</c>; several during rotation). A CA without secrets cannot post.</summary>
public sealed class WebhookOptions
{
    public Dictionary<string, List<string>> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The API's one body limit (<see cref="Http.RequestBodies.MaxBytes"/>).</summary>
    public const int MaxBodyBytes = Http.RequestBodies.MaxBytes;
}
