using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.SandboxCa;

/// <summary>
/// A checked CSR: its signature verified, its public key and the names it asks for (<see cref="Names"/>: SAN DNS/email,
/// the CN and subject emailAddress). For S/MIME the parts apart: the SAN rfc822Names and subject emailAddresses
/// (<see cref="Mailboxes"/>), SAN dNSNames, the CN and the givenName/surname it claims.
/// </summary>
public sealed record InspectedCsr(PublicKey PublicKey, IReadOnlySet<string> Names)
{
    public IReadOnlySet<string> Mailboxes { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> DnsNames { get; init; } = new HashSet<string>();
    public string? CommonName { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
}

public static class CsrInspector
{
    private const string CommonNameOid = "2.5.4.3";
    private const string EmailAddressOid = "1.2.840.113549.1.9.1";
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string GivenNameOid = "2.5.4.42";
    private const string SurnameOid = "2.5.4.4";

    public static InspectedCsr Inspect(string? csrBase64)
    {
        if (string.IsNullOrWhiteSpace(csrBase64)) throw new SandboxApiException(400, "csr-missing", "csr is required (base64 DER PKCS#10).");
        byte[] der;
        try
        {
            der = Convert.FromBase64String(csrBase64.Trim());
        }
        catch (FormatException)
        {
            throw new SandboxApiException(400, "csr-invalid", "csr is not base64.");
        }
        CertificateRequest request;
        try
        {
            // Loading verifies the self-signature (proof of possession); the extensions are read for the SANs.
            request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException ex)
        {
            throw new SandboxApiException(400, "csr-invalid", $"csr is not a valid signed PKCS#10 request: {ex.Message}");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mailboxes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dnsNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? commonName = null, givenName = null, surname = null;
        foreach (var rdn in request.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            var oid = rdn.GetSingleElementType().Value;
            if (rdn.GetSingleElementValue() is not { Length: > 0 } value) continue;
            switch (oid)
            {
                case CommonNameOid:
                    names.Add(value);
                    commonName = value;
                    break;
                case EmailAddressOid:
                    names.Add(value);
                    mailboxes.Add(value);
                    break;
                case GivenNameOid:
                    givenName = value;
                    break;
                case SurnameOid:
                    surname = value;
                    break;
            }
        }
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAltNameOid))
        {
            foreach (var (name, email) in ReadSubjectAltNames(extension.RawData))
            {
                names.Add(name);
                (email ? mailboxes : dnsNames).Add(name);
            }
        }
        return new InspectedCsr(request.PublicKey, names)
        {
            Mailboxes = mailboxes, DnsNames = dnsNames, CommonName = commonName, GivenName = givenName, Surname = surname,
        };
    }

    /// <summary>
    /// An S/MIME CSR must ask for exactly the order's mailbox (SAN rfc822Name, and subject emailAddress if any) and no DNS
    /// name; its CN is the mailbox or a person's name (never another address); the person it claims, if any, is the order's.
    /// The certificate's subject is built from what the order validated, not copied from the CSR.
    /// </summary>
    public static void RequireMailbox(InspectedCsr csr, IEnumerable<string> ordered, PersonDetails? person)
    {
        var expected = new HashSet<string>(ordered, StringComparer.OrdinalIgnoreCase);
        if (!csr.Mailboxes.SetEquals(expected) || csr.DnsNames.Count > 0)
        {
            var asked = csr.Mailboxes.Concat(csr.DnsNames).Order().ToList();
            throw new SandboxApiException(400, "csr-mailbox-mismatch",
                $"The CSR names ({(asked.Count == 0 ? "no mailbox" : string.Join(", ", asked))}) do not match the order's mailbox ({string.Join(", ", expected.Order())}).");
        }
        if (csr.CommonName is { } cn && cn.Contains('@') && !expected.Contains(cn))
        {
            throw new SandboxApiException(400, "csr-mailbox-mismatch", $"The CSR's common name '{cn}' is not the order's mailbox.");
        }
        if (person is not null && (Differs(csr.GivenName, person.GivenName) || Differs(csr.Surname, person.Surname)))
        {
            throw new SandboxApiException(400, "csr-person-mismatch",
                $"The CSR names the person '{csr.GivenName} {csr.Surname}', not the order's validated '{person.GivenName} {person.Surname}'.");
        }
    }

    private static bool Differs(string? claimed, string? validated) =>
        claimed is not null && !string.Equals(claimed.Trim(), validated, StringComparison.OrdinalIgnoreCase);

    /// <summary>The CSR must ask for exactly the ordered names (the CN, if any, being one of them).</summary>
    public static void RequireNames(InspectedCsr csr, IEnumerable<string> ordered)
    {
        var expected = new HashSet<string>(ordered, StringComparer.OrdinalIgnoreCase);
        if (!csr.Names.SetEquals(expected))
        {
            throw new SandboxApiException(400, "csr-names-mismatch",
                $"The CSR names ({string.Join(", ", csr.Names.Order())}) do not match the order's ({string.Join(", ", expected.Order())}).");
        }
    }

    /// <summary>dNSName [2] and rfc822Name [1] (Email true) entries of a GeneralNames sequence; other forms are ignored.</summary>
    private static List<(string Name, bool Email)> ReadSubjectAltNames(byte[] raw)
    {
        var result = new List<(string, bool)>();
        var reader = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2)
            {
                result.Add((reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue)), tag.TagValue == 1));
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }
        return result;
    }
}
