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

    public static byte[] PublicKeyInfo(byte[] csrDer) => Load(csrDer).PublicKey.ExportSubjectPublicKeyInfo();
}
