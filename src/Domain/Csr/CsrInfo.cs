using SslFlow.Domain.Keys;
namespace SslFlow.Domain.Csr;

/// <summary>What a verified CSR asks for. <see cref="Key"/> is null for acceptable keys outside the <see cref="KeyAlgorithm"/> sizes (e.g. RSA-2560).</summary>
public sealed record CsrInfo(
    string? CommonName,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<string> IpAddresses,
    string KeyDescription,
    KeyAlgorithm? Key);

/// <summary>Either the CSR's contents or why it was refused.</summary>
public sealed record CsrInspection(CsrInfo? Info, IReadOnlyList<string> Errors)
{
    public bool IsValid => Info is not null && Errors.Count == 0;
}
