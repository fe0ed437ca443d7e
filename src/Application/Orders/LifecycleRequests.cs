using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;
namespace SslFlow.Application.Orders;

public sealed record CancelOrderRequest(string? Reason);

public sealed record RevokeOrderRequest(string? Reason);

/// <summary>Reissue with added SANs (multi-domain and wildcard products) and/or a new key.</summary>
public sealed record ReissueOrderRequest(IReadOnlyList<string>? AddDomains, string? KeyAlgorithm);

/// <summary>The body of <c>POST /api/orders/{id}/dcv-method</c>: <c>http-01</c>, <c>dns-01</c> or <c>email</c> (with a constructed approver address).</summary>
public sealed record ChangeDcvMethodRequest(string? DcvMethod, string? ApproverEmail);
