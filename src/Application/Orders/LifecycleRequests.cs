namespace SslFlow.Application.Orders;

public sealed record CancelOrderRequest(string? Reason);

public sealed record RevokeOrderRequest(string? Reason);

/// <summary>Reissue with added SANs (multi-domain and wildcard products) and/or a new key.</summary>
public sealed record ReissueOrderRequest(IReadOnlyList<string>? AddDomains, string? KeyAlgorithm);
