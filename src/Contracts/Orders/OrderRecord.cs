using SslFlow.Domain.Orders;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Contracts.Orders;

/// <summary>
/// The customer-facing view of an order, kept with its CA reference (the key for tracking, reissue and download).
/// <paramref name="Subject"/>: the validated organization/contacts/person details the order was placed or activated with
/// (a reissue asks the CA for the same subject); null when none were given, and on records written before it was kept.
/// </summary>
public sealed record OrderRecord(
    string OrderId,
    string ProductCode,
    IReadOnlyList<string> DnsNames,
    string DcvMethod,
    string? ContactEmail,
    OrderStatus Status,
    OrderSubStatus SubStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CaName,
    string? CaReference = null,
    string? CertificateName = null,
    string? SerialNumber = null,
    string? Thumbprint = null,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? NotAfter = null,
    string? LastError = null,
    string? Customer = null,
    string? WorkflowInstanceId = null,
    IReadOnlyList<string>? Warnings = null,
    string? OrganizationProfileId = null,
    Domain.Organizations.SubjectDetails? Subject = null);
