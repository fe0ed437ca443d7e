namespace SslFlow.Application.Webhooks;

/// <summary>Per-CA webhook secrets (<c>whsec_…</c>; several during rotation). A CA without secrets cannot post.</summary>
public sealed class WebhookOptions
{
    public Dictionary<string, List<string>> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public const int MaxBodyBytes = 16 * 1024;
}
