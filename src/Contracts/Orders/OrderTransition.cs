using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Contracts.Orders;

/// <summary>
/// An audit entry: when, from, to, why, who. <see cref="Sequence"/> is the orchestration's step, so a re-run writes it once.
/// <paramref name="Key"/>: the step's unique name, "{orchestration instance id}#{step}" (instance ids are unique, steps are
/// unique within their instance): when given, the store writes the entry once per key and allocates its sequence number
/// itself, so entries of different instances (renewals, reissues, revokes of one order) cannot collide. Null: entries
/// written by instances started before keys existed, which are deduplicated by <see cref="Sequence"/> as before.
/// </summary>
public sealed record OrderTransition(
    int Sequence,
    DateTimeOffset At,
    OrderStatus? From,
    OrderStatus To,
    OrderSubStatus SubStatus,
    TransitionCauseKind Cause,
    OrderActor Actor,
    string? Detail = null,
    string? Key = null);

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
    IReadOnlyList<string>? DnsNames = null,
    string? DcvMethod = null,
    string? OrganizationProfileId = null,
    Domain.Organizations.SubjectDetails? Subject = null);
