using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.Domain.Organizations;
using SslFlow.Contracts.Vault;
using SslFlow.Domain.Keys;

namespace SslFlow.Vault;

/// <summary>Key pairs and PKCS#10 requests made in process (local vault) with the same name rules the Key Vault policy uses.</summary>
internal static class CsrFactory
{
    /// <summary>
    /// The common name first, then the other DNS names, without duplicates: CAs require the CN among the SANs. An S/MIME
    /// request has no DNS names (its CN is a person or the mailbox; the mailbox is in <see cref="EmailAddresses"/>).
    /// </summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(CsrRequest request)
    {
        if (request.Smime is not null) return [];
        var names = new List<string>();
        foreach (var name in request.DnsNames.Prepend(request.CommonName))
        {
            if (!string.IsNullOrWhiteSpace(name) && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The SAN rfc822Name entries: an S/MIME request's mailbox; none for TLS.</summary>
    public static IReadOnlyList<string> EmailAddresses(CsrRequest request) => request.Smime is { } smime ? [smime.Mailbox] : [];

    /// <summary>TLS: CN only (the CA puts the validated organization in). S/MIME: <see cref="SmimeSubjectName"/>.</summary>
    public static X500DistinguishedName Subject(CsrRequest request)
    {
        if (request.Smime is { } smime) return SmimeSubjectName(smime);
        // The builder escapes special characters; string concatenation ("CN=" + name) would not.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(request.CommonName);
        return builder.Build();
    }

    public const string GivenNameOid = "2.5.4.42";
    public const string SurnameOid = "2.5.4.4";

    /// <summary>
    /// The S/MIME subject, encoded most significant first as CAs issue it: C, ST, L, O (sponsor-validated), givenName,
    /// surname (individual and sponsor), CN; the mailbox as emailAddress only when it cannot be the CN (too long). Country
    /// as PrintableString, the rest UTF8String (S/MIME BR 7.1.4.2). The builder encodes the last added first, hence the
    /// reverse order below (its string form, as Key Vault takes it, reads "CN=…, SN=…, G=…, O=…, C=…").
    /// </summary>
    public static X500DistinguishedName SmimeSubjectName(SmimeSubject smime)
    {
        var builder = new X500DistinguishedNameBuilder();
        if (smime.CommonName is { } commonName) builder.AddCommonName(commonName);
        else builder.AddEmailAddress(smime.Mailbox);
        if (smime.Surname is { } surname) builder.Add(SurnameOid, surname, UniversalTagNumber.UTF8String);
        if (smime.GivenName is { } given) builder.Add(GivenNameOid, given, UniversalTagNumber.UTF8String);
        if (smime.Organization is { } organization) builder.AddOrganizationName(organization);
        if (smime.Locality is { } locality) builder.AddLocalityName(locality);
        if (smime.StateOrProvince is { } state) builder.AddStateOrProvinceName(state);
        if (smime.Country is { } country) builder.AddCountryOrRegion(country);
        return builder.Build();
    }

    public static AsymmetricAlgorithm CreateKey(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        KeyAlgorithm.EcP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        KeyAlgorithm.Rsa2048 => RSA.Create(2048),
        KeyAlgorithm.Rsa3072 => RSA.Create(3072),
        KeyAlgorithm.Rsa4096 => RSA.Create(4096),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    public static AsymmetricAlgorithm ImportKey(KeyAlgorithm algorithm, ReadOnlySpan<byte> pkcs8)
    {
        AsymmetricAlgorithm key = algorithm is KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384 ? ECDsa.Create() : RSA.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A SHA-256 signed CSR with the subject CN and the DNS names as SAN (S/MIME: its subject and the mailbox as rfc822Name).</summary>
    public static byte[] CreateCsr(AsymmetricAlgorithm key, CsrRequest request)
    {
        var subject = Subject(request);
        var request10 = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key type.", nameof(key)),
        };

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in SubjectAlternativeNames(request))
        {
            san.AddDnsName(name);
        }

        foreach (var address in EmailAddresses(request))
        {
            san.AddEmailAddress(address);
        }

        request10.CertificateExtensions.Add(san.Build());
        return request10.CreateSigningRequest();
    }
}
