using SslFlow.Contracts.CertificateAuthorities;


namespace SslFlow.Contracts.Notifications;

/// <summary>Everything a template may show. Built from the order record; never holds keys or secrets.</summary>
public sealed record NotificationModel(
    string OrderId,
    string Product,
    IReadOnlyList<string> DnsNames,
    string Status,
    string? CaReference,
    string? SerialNumber,
    DateTimeOffset? NotAfter,
    string? Reason,
    IReadOnlyList<DcvChallenge> Challenges,
    IReadOnlyList<string> ApproverEmails,
    int? DaysLeft,
    string? ChainPem,
    IReadOnlyList<string>? Warnings = null);
