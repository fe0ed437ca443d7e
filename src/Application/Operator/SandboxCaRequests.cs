namespace SslFlow.Application.Operator;

/// <summary>Body of <c>POST /api/operator/orders/{orderId}/sandbox-reject</c>.</summary>
public sealed record SandboxRejectRequest(string? Reason);

/// <summary>What <c>GET /api/operator/capabilities</c> tells the dashboard about optional actions on this deployment.</summary>
public sealed record OperatorCapabilities(bool SandboxCaApproval, string? SandboxCaName);
