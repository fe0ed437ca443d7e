using SslFlow.Domain.Keys;

namespace SslFlow.Contracts.Vault;

/// <summary>
/// What a new key pair and CSR are made for. <paramref name="CertificateName"/> is the vault's name (letters, digits, dashes).
/// <paramref name="Smime"/>: an S/MIME request, whose subject and SAN rfc822Name come from it (then <paramref name="DnsNames"/> is empty).
/// </summary>
public sealed record CsrRequest(string CertificateName, string CommonName, IReadOnlyList<string> DnsNames, KeyAlgorithm Key = KeyAlgorithm.EcP256, bool Exportable = false,
    Domain.Organizations.SmimeSubject? Smime = null);

/// <summary>The CSR (DER) of the pending version, and that version's id.</summary>
public sealed record PendingCsr(string CertificateName, string Version, byte[] Csr);

/// <summary>A merged certificate: leaf and chain as DER, leaf first.</summary>
public sealed record VaultCertificate(
    string CertificateName,
    string Version,
    string SerialNumber,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<byte[]> ChainDer);
