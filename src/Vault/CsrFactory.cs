using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SslFlow.Activities.Ports;

namespace SslFlow.Vault;

/// <summary>Key pairs and PKCS#10 requests made in process (local vault) with the same name rules the Key Vault policy uses.</summary>
internal static class CsrFactory
{
    /// <summary>The common name first, then the other DNS names, without duplicates: CAs require the CN among the SANs.</summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(CsrRequest request)
    {
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

    public static X500DistinguishedName Subject(string commonName)
    {
        // The builder escapes special characters; string concatenation ("CN=" + name) would not.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
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

    /// <summary>A SHA-256 signed CSR with the subject CN and the DNS names as SAN.</summary>
    public static byte[] CreateCsr(AsymmetricAlgorithm key, CsrRequest request)
    {
        var subject = Subject(request.CommonName);
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

        request10.CertificateExtensions.Add(san.Build());
        return request10.CreateSigningRequest();
    }
}
