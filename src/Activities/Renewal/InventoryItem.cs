using SslFlow.Activities.Ports;

namespace SslFlow.Activities.Renewal;

/// <summary>One issued certificate in the inventory (id = order id: one certificate line per order).</summary>
public sealed record InventoryItem(
    string CertificateId,
    string ProductCode,
    IReadOnlyList<string> DnsNames,
    string CaName,
    DcvMethod DcvMethod,
    string? ContactEmail,
    string CertificateName,
    KeyAlgorithm Key,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset RenewAt,
    int Renewals = 0,
    int Failures = 0,
    bool NeedsPerson = false);
