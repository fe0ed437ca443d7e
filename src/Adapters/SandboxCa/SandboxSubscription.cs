namespace SslFlow.Adapters.SandboxCa;

/// <summary>Wire shape of a sandbox CaaS subscription (only the members the adapter reads). <see cref="HmacKey"/>: a secret.</summary>
public sealed record SandboxSubscription(
    string CaReference,
    string Status,
    IReadOnlyList<SandboxStep> Steps,
    string? KeyId,
    string? HmacKey,
    string? DirectoryUrl,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? Reason)
{
    public override string ToString() => $"SandboxSubscription {{ CaReference = {CaReference}, Status = {Status}, KeyId = {KeyId} }}";
}
