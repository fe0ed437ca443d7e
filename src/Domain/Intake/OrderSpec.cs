using SslFlow.Domain.Csr;
using SslFlow.Domain.Products;
using SslFlow.Domain.Rules;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Intake;

/// <summary>One normalised name of an order with how its control is proven.</summary>
public sealed record OrderName(string Name, bool IsWildcard, string RegistrableDomain, DcvMethod DcvMethod, string? ApproverEmail);

/// <summary>
/// A validated, normalised order. <see cref="Names"/> keeps the request's order (first = primary / CN), duplicates
/// removed. <see cref="Key"/> is the key the vault generates (customer CSRs are refused at intake).
/// <see cref="Warnings"/> are shown but do not refuse.
/// </summary>
public sealed record OrderSpec(
    Product Product,
    IReadOnlyList<OrderName> Names,
    DcvMethod DcvMethod,
    string? ApproverEmail,
    string? ContactEmail,
    string? Mailbox,
    KeyAlgorithm? Key,
    int ExtraSans,
    int MaxValidityDays,
    IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<string> DnsNames => Names.Select(n => n.Name).ToArray();

    /// <summary>
    /// What the certificate certifies, as the order record, the workflow and a CA's order API carry it: the DNS names, or
    /// for an S/MIME product its one mailbox (the order's only "name"; the CSR puts it in the SAN as rfc822Name).
    /// </summary>
    public IReadOnlyList<string> CertifiedNames => Product.IsSmime && Mailbox is not null ? [Mailbox] : DnsNames;
}

/// <summary>Either a spec or the field errors; never both.</summary>
public sealed record OrderIntakeResult(OrderSpec? Spec, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Spec is not null && Errors.Count == 0;
}
