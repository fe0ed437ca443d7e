using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.SandboxCa;

/// <summary>A checked CSR: its signature verified, its public key and the names it asks for (SAN DNS/email and the CN).</summary>
public sealed record InspectedCsr(PublicKey PublicKey, IReadOnlySet<string> Names);

public static class CsrInspector
{
    private const string CommonNameOid = "2.5.4.3";
    private const string EmailAddressOid = "1.2.840.113549.1.9.1";
    private const string SubjectAltNameOid = "2.5.29.17";

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
        foreach (var rdn in request.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType().Value;
            if (oid is CommonNameOid or EmailAddressOid && rdn.GetSingleElementValue() is { Length: > 0 } value) names.Add(value);
        }
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAltNameOid))
        {
            foreach (var name in ReadSubjectAltNames(extension.RawData)) names.Add(name);
        }
        return new InspectedCsr(request.PublicKey, names);
    }

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

    /// <summary>dNSName [2] and rfc822Name [1] entries of a GeneralNames sequence; other forms are ignored.</summary>
    private static IEnumerable<string> ReadSubjectAltNames(byte[] raw)
    {
        var result = new List<string>();
        var reader = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2)
            {
                result.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue)));
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }
        return result;
    }
}
