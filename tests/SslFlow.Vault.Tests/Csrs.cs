using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SslFlow.Vault.Tests;

/// <summary>Reads CSRs the way a CA does: signature verified, extensions loaded.</summary>
public static class Csrs
{
    public static CertificateRequest Load(byte[] csrDer) =>
        CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);

    public static IReadOnlyList<string> DnsNames(CertificateRequest request)
    {
        var extension = Assert.Single(request.CertificateExtensions, e => e.Oid?.Value == "2.5.29.17");
        return new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical).EnumerateDnsNames().ToArray();
    }

    /// <summary>The SAN's rfc822Name [1] entries (.NET enumerates only DNS names and IP addresses).</summary>
    public static IReadOnlyList<string> EmailAddresses(CertificateRequest request)
    {
        var extension = Assert.Single(request.CertificateExtensions, e => e.Oid?.Value == "2.5.29.17");
        var reader = new System.Formats.Asn1.AsnReader(extension.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var rfc822 = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1);
        var names = new List<string>();
        while (reader.HasData)
        {
            if (reader.PeekTag().HasSameClassAndValue(rfc822)) names.Add(reader.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, rfc822));
            else reader.ReadEncodedValue();
        }
        return names;
    }

    /// <summary>The subject's attributes by OID, in encoded order (.NET enumerates reversed unless told not to).</summary>
    public static IReadOnlyList<(string Oid, string Value)> Subject(CertificateRequest request) =>
        request.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => (r.GetSingleElementType().Value!, r.GetSingleElementValue()!)).ToList();

    public static byte[] PublicKeyInfo(byte[] csrDer) => Load(csrDer).PublicKey.ExportSubjectPublicKeyInfo();
}
