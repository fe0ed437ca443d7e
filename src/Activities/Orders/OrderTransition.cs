using SslFlow.Domain.Orders;

namespace SslFlow.Activities.Orders;

public enum TransitionActor
{
    Customer,
    CertificateAuthority,
    System,
    Operator,
}

/// <summary>An audit entry: when, from, to, why, who. <see cref="Sequence"/> is the orchestration's step, so a re-run writes it once.</summary>
public sealed record OrderTransition(
    int Sequence,
    DateTimeOffset At,
    OrderStatus? From,
    OrderStatus To,
    OrderSubStatus SubStatus,
    string Cause,
    TransitionActor Actor,
    string? Detail = null);

/// <summary>Fields that change with a transition (null = unchanged).</summary>
public sealed record OrderUpdate(
    string? CaReference = null,
    string? CertificateName = null,
    string? SerialNumber = null,
    string? Thumbprint = null,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? NotAfter = null,
    string? LastError = null,
    string? WorkflowInstanceId = null,
    IReadOnlyList<string>? DnsNames = null);
