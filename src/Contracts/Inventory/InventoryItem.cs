using SslFlow.Domain.Organizations;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;
using SslFlow.Domain.Rules;

namespace SslFlow.Contracts.Inventory;

/// <summary>
/// One issued certificate in the inventory (id = order id: one certificate line per order).
/// <paramref name="RemindedAtDays"/>: the smallest "expires in N days" reminder (30/7/1) already sent for this
/// certificate, 0 when none. <paramref name="OrganizationValidatedAt"/>: when the CA last vetted the organization
/// (OV/EV), so a renewal knows whether the identity data may still be reused or a person is needed.
/// <paramref name="Subject"/>: the order's validated subject details (organization, contacts, person), so a renewal or
/// reissue asks the CA for the same subject as the order did (for S/MIME the mailbox is <paramref name="DnsNames"/>[0]);
/// null for items recorded before the inventory kept it, and for products that name nobody: the renewal then sends none.
/// </summary>
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
    bool NeedsPerson = false,
    int RemindedAtDays = 0,
    DateTimeOffset? OrganizationValidatedAt = null,
    SubjectDetails? Subject = null);
