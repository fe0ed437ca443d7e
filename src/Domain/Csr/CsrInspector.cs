using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.Domain.Names;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Csr;

/// <summary>
/// Bring-your-own CSR checks: PKCS#10 parses and its self-signature verifies, the key is at least RSA-2048 or EC P-256
/// (P-384 also accepted; P-521 and others are not in the CA/B Forum's permitted set), and its names (CN + SAN) match the order.
/// </summary>
public static class CsrInspector
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";
    private const string SanOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";
    private const string EmailAttributeOid = "1.2.840.113549.1.9.1";

    /// <summary>Reads a PEM (<c>CERTIFICATE REQUEST</c> or <c>NEW CERTIFICATE REQUEST</c>) or bare base64 DER CSR.</summary>
    public static CsrInspection Inspect(string? csr)
    {
        if (string.IsNullOrWhiteSpace(csr)) return Refused("The CSR is empty.");
        byte[] der;
        try
        {
            der = Decode(csr);
        }
        catch (FormatException)
        {
            return Refused("The CSR is neither PEM nor base64.");
        }

        CertificateRequest request;
        try
        {
            // Extensions are only read, never signed, so loading them is safe here.
            CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException)
        {
            return Refused("The CSR is not a readable PKCS#10 certification request.");
        }
        try
        {
            request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException)
        {
            return Refused("The CSR's signature does not verify with its own public key (or uses an unsupported algorithm).");
        }

        var errors = new List<string>();
        var (keyDescription, key, keyError) = DescribeKey(request.PublicKey);
        if (keyError is not null) errors.Add(keyError);

        string? commonName = null;
        var emails = new List<string>();
        foreach (var rdn in request.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType().Value;
            if (oid == CommonNameOid) commonName = rdn.GetSingleElementValue();
            else if (oid == EmailAttributeOid && rdn.GetSingleElementValue() is { } e) emails.Add(e);
        }

        var dns = new List<string>();
        var ips = new List<string>();
        foreach (var extension in request.CertificateExtensions.Where(x => x.Oid?.Value == SanOid))
        {
            try
            {
                ReadSubjectAltNames(extension.RawData, dns, emails, ips);
            }
            catch (Exception e) when (e is AsnContentException or ArgumentException)
            {
                errors.Add("The CSR's subjectAltName extension is malformed.");
            }
        }
        if (ips.Count > 0) errors.Add($"The CSR names IP addresses ({string.Join(", ", ips)}); only domain names are accepted.");
        var info = new CsrInfo(commonName, dns, emails.Select(e => e.Trim().ToLowerInvariant()).Distinct().ToArray(), ips, keyDescription, key);
        return new CsrInspection(info, errors);
    }

    /// <summary>
    /// Differences between the CSR's DNS names (CN, when it is a DNS name, plus SAN dNSNames) and the order's names
    /// (normalised). Empty when they are the same set.
    /// </summary>
    public static IReadOnlyList<string> NameMismatches(CsrInfo info, IEnumerable<string> orderNames)
    {
        var csrNames = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var raw in info.DnsNames.Concat(info.CommonName is { } cn && !cn.Contains('@') && !cn.Contains(' ') ? [cn] : []))
        {
            var n = DomainNames.NormaliseSyntax(raw, allowWildcard: true);
            if (n.IsValid) csrNames.Add(n.Name!);
            else problems.Add($"The CSR name '{raw}' is not a valid domain name: {n.Error}");
        }
        var wanted = orderNames.ToHashSet(StringComparer.Ordinal);
        foreach (var extra in csrNames.Where(n => !wanted.Contains(n)).Order(StringComparer.Ordinal))
            problems.Add($"The CSR names '{extra}', which the order does not.");
        foreach (var missing in wanted.Where(n => !csrNames.Contains(n)).Order(StringComparer.Ordinal))
            problems.Add($"The order names '{missing}', which the CSR does not.");
        return problems;
    }

    /// <summary>For S/MIME: the mailbox must be among the CSR's email addresses (SAN rfc822Name or subject emailAddress).</summary>
    public static string? MailboxMismatch(CsrInfo info, string mailbox) =>
        info.EmailAddresses.Contains(mailbox, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"The CSR does not name the mailbox '{mailbox}' (found: {(info.EmailAddresses.Count == 0 ? "none" : string.Join(", ", info.EmailAddresses))}).";

    private static (string Description, KeyAlgorithm? Key, string? Error) DescribeKey(PublicKey publicKey)
    {
        switch (publicKey.Oid.Value)
        {
            case RsaOid:
            {
                using var rsa = publicKey.GetRSAPublicKey();
                var bits = rsa?.KeySize ?? 0;
                KeyAlgorithm? spec = bits switch { 2048 => KeyAlgorithm.Rsa2048, 3072 => KeyAlgorithm.Rsa3072, 4096 => KeyAlgorithm.Rsa4096, _ => null };
                if (bits < 2048) return ($"RSA-{bits}", null, $"The CSR's RSA key has {bits} bits; at least 2048 are required.");
                if (bits % 8 != 0) return ($"RSA-{bits}", null, $"The CSR's RSA key size ({bits}) must be a multiple of 8.");
                return ($"RSA-{bits}", spec, null);
            }
            case EcOid:
            {
                using var ec = publicKey.GetECDsaPublicKey();
                var curve = ec?.ExportParameters(false).Curve.Oid;
                return curve?.Value switch
                {
                    P256Oid => ("EC-P256", KeyAlgorithm.EcP256, null),
                    P384Oid => ("EC-P384", KeyAlgorithm.EcP384, null),
                    _ => ($"EC-{curve?.FriendlyName ?? curve?.Value ?? "unknown"}", null, "The CSR's EC key must be on P-256 or P-384."),
                };
            }
            default:
                return (publicKey.Oid.FriendlyName ?? publicKey.Oid.Value ?? "unknown", null,
                    "The CSR's key must be RSA (2048 bits or more) or EC (P-256 or P-384).");
        }
    }

    // GeneralNames ::= SEQUENCE OF GeneralName; we need rfc822Name [1], dNSName [2], iPAddress [7] (all implicit).
    private static void ReadSubjectAltNames(byte[] raw, List<string> dns, List<string> emails, List<string> ips)
    {
        var reader = new AsnReader(raw, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                names.ReadEncodedValue();
                continue;
            }
            switch (tag.TagValue)
            {
                case 1: emails.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                case 2: dns.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                case 7: ips.Add(new IPAddress(names.ReadOctetString(tag)).ToString()); break;
                default: names.ReadEncodedValue(); break;
            }
        }
    }

    private static byte[] Decode(string csr)
    {
        var text = csr.Trim();
        if (!text.StartsWith("-----", StringComparison.Ordinal)) return Convert.FromBase64String(text);
        var body = string.Join("", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        return Convert.FromBase64String(body);
    }

    private static CsrInspection Refused(string reason) => new(null, [reason]);
}
