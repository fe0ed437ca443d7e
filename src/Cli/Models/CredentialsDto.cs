namespace SslFlow.Cli.Models;

/// <summary>A CaaS subscription's EAB credentials (<c>GET /api/orders/{id}/credentials</c>); <see cref="HmacKey"/> is a secret.</summary>
public sealed record CredentialsDto(string KeyId, string HmacKey, string DirectoryUrl, DateTimeOffset AvailableUntil, string? CaReference);
