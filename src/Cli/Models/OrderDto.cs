namespace SslFlow.Cli.Models;

/// <summary>The CLI's copy of the API's order view (the CLI ships alone, so it does not reference the server).</summary>
public sealed record OrderDto(
    string OrderId,
    string Status,
    string? SubStatus,
    string? ResellerState,
    string? Product,
    IReadOnlyList<string>? Domains,
    string? DcvMethod,
    string? CaReference,
    string? SerialNumber,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? LastError,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? Workflow,
    IReadOnlyList<TransitionDto>? Transitions);
